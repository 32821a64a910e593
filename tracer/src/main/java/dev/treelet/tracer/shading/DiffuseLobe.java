package dev.treelet.tracer.shading;

import dev.treelet.tracer.sampling.Warp;

/** Lambertian reflection, R / pi, sampled by cosine. Local frame with wo.z > 0. */
final class DiffuseLobe {
  private static final float INV_PI = (float) (1 / Math.PI);

  private DiffuseLobe() {}

  static void eval(float[] r, float wiz, BsdfSample out) {
    if (wiz <= 0) {
      out.zero();
      return;
    }
    out.fr = r[0] * INV_PI;
    out.fg = r[1] * INV_PI;
    out.fb = r[2] * INV_PI;
    out.pdf = wiz * INV_PI;
  }

  static boolean sample(float[] r, float u0, float u1, BsdfSample out, float[] tmp) {
    Warp.cosineHemisphere(u0, u1, tmp);
    if (tmp[2] <= 0) {
      return false;
    }
    out.set(tmp[0], tmp[1], tmp[2], r[0] * INV_PI, r[1] * INV_PI, r[2] * INV_PI, tmp[2] * INV_PI, false);
    return true;
  }
}
