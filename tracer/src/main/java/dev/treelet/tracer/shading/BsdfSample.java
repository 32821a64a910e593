package dev.treelet.tracer.shading;

/**
 * Result of evaluating or sampling a BSDF, in the local shading frame (z = shading normal). Mutable
 * scratch reused for every ray of a thread.
 */
public final class BsdfSample {
  public float wx;
  public float wy;
  public float wz;
  public float fr;
  public float fg;
  public float fb;
  /** Solid-angle density, or for a specular choice the discrete probability of choosing it. */
  public float pdf;
  public boolean specular;
  public boolean transmission;
  /** Relative index of refraction along the sampled direction (1 for reflection). */
  public float etap = 1;

  void set(float x, float y, float z, float r, float g, float b, float pdf, boolean specular) {
    wx = x;
    wy = y;
    wz = z;
    fr = r;
    fg = g;
    fb = b;
    this.pdf = pdf;
    this.specular = specular;
    this.transmission = false;
    this.etap = 1;
  }

  /** After eval() filled f and pdf: records direction w as a glossy (non-delta) sample. */
  boolean glossy(float x, float y, float z) {
    wx = x;
    wy = y;
    wz = z;
    specular = false;
    transmission = false;
    etap = 1;
    return pdf > 0;
  }

  void zero() {
    fr = fg = fb = 0;
    pdf = 0;
  }
}
