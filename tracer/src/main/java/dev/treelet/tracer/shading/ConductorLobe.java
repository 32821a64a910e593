package dev.treelet.tracer.shading;

/**
 * Metal: Fresnel for a complex index (eta + i k, per RGB channel), a mirror when smooth, GGX
 * microfacets when rough. Local frame with wo.z > 0.
 */
final class ConductorLobe {
  private ConductorLobe() {}

  static void eval(float[] eta, float[] k, float alpha, float wox, float woy, float woz,
      float wix, float wiy, float wiz, BsdfSample out) {
    if (alpha < Microfacet.SMOOTH_ALPHA || wiz <= 0) {
      out.zero();
      return;
    }
    float mx = wox + wix;
    float my = woy + wiy;
    float mz = woz + wiz;
    float len = (float) Math.sqrt(mx * mx + my * my + mz * mz);
    if (len == 0) {
      out.zero();
      return;
    }
    mx /= len;
    my /= len;
    mz /= len;
    float cosOm = Math.abs(wox * mx + woy * my + woz * mz);
    float common = Microfacet.d(alpha, mx, my, mz) * Microfacet.g(alpha, wox, woy, woz, wix, wiy, wiz)
        / (4 * woz * wiz);
    out.fr = common * Fresnel.conductor(cosOm, eta[0], k[0]);
    out.fg = common * Fresnel.conductor(cosOm, eta[1], k[1]);
    out.fb = common * Fresnel.conductor(cosOm, eta[2], k[2]);
    out.pdf = Microfacet.visiblePdf(alpha, wox, woy, woz, mx, my, mz) / (4 * cosOm);
  }

  static boolean sample(float[] eta, float[] k, float alpha, float wox, float woy, float woz,
      float u0, float u1, BsdfSample out, float[] tmp) {
    if (alpha < Microfacet.SMOOTH_ALPHA) {
      float c = Math.abs(woz);
      float inv = 1 / c;
      out.set(-wox, -woy, woz, Fresnel.conductor(c, eta[0], k[0]) * inv, Fresnel.conductor(c, eta[1], k[1]) * inv,
          Fresnel.conductor(c, eta[2], k[2]) * inv, 1, true);
      return true;
    }
    Microfacet.sampleReflection(alpha, wox, woy, woz, u0, u1, tmp);
    if (tmp[2] <= 0) {
      return false;
    }
    eval(eta, k, alpha, wox, woy, woz, tmp[0], tmp[1], tmp[2], out);
    return out.glossy(tmp[0], tmp[1], tmp[2]);
  }
}
