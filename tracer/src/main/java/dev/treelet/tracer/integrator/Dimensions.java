package dev.treelet.tracer.integrator;

/**
 * Which sampler dimension each decision of a path draws. Fixed per depth, so a path's numbers do not
 * depend on how many were drawn elsewhere: film position first, then {@link #PER_BOUNCE} per bounce.
 */
final class Dimensions {
  static final int FILM_X = 0;
  static final int FILM_Y = 1;
  static final int FIRST_BOUNCE = 2;
  static final int PER_BOUNCE = 8;

  static final int LIGHT_PICK = 0;
  static final int LIGHT_U0 = 1;
  static final int LIGHT_U1 = 2;
  static final int BSDF_LOBE = 3;
  static final int BSDF_U0 = 4;
  static final int BSDF_U1 = 5;
  static final int ROULETTE = 6;

  private Dimensions() {}
}
