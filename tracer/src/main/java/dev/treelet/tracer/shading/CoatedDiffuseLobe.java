package dev.treelet.tracer.shading;

/**
 * pbrt-v4's "coateddiffuse" (a dielectric coat over a diffuse base, which pbrt evaluates with a
 * stochastic layered random walk) approximated by the classic closed-form plastic model
 * (Weidlich-Wilkie / Kelemen-Szirmay-Kalos): the coat reflects F(wo) specularly (a mirror, or GGX
 * when rough), the base shows through both crossings of the interface:
 *
 * <pre>  f_base = R (1 - F(wo)) (1 - F(wi)) / (pi eta^2 (1 - R Fdr(eta)))</pre>
 *
 * where Fdr is the base's internal diffuse reflectance of the coat. Energy is conserved for R <= 1;
 * the look matches pbrt's for thin coats (thickness and coat albedo are not modelled). Local frame
 * with wo.z > 0.
 */
final class CoatedDiffuseLobe {
  private static final float INV_PI = (float) (1 / Math.PI);

  private CoatedDiffuseLobe() {}

  /** Probability of sampling the coat rather than the base. */
  private static float coatProbability(float[] r, float fo) {
    float base = (1 - fo) * (r[0] + r[1] + r[2]) / 3;
    float p = fo / (fo + base);
    return Math.max(0.05f, Math.min(0.95f, p));
  }

  private static float internalReflectance(float eta) {
    return -1.440f / (eta * eta) + 0.710f / eta + 0.668f + 0.0636f * eta;
  }

  /** The non-delta part: base, plus the coat when rough. */
  static void eval(float[] r, float eta, float alpha, float wox, float woy, float woz,
      float wix, float wiy, float wiz, BsdfSample out) {
    if (wiz <= 0) {
      out.zero();
      return;
    }
    float fo = Fresnel.dielectric(woz, eta);
    float fi = Fresnel.dielectric(wiz, eta);
    float fdr = internalReflectance(eta);
    float scale = (1 - fo) * (1 - fi) * INV_PI / (eta * eta);
    out.fr = r[0] * scale / (1 - r[0] * fdr);
    out.fg = r[1] * scale / (1 - r[1] * fdr);
    out.fb = r[2] * scale / (1 - r[2] * fdr);
    float pCoat = coatProbability(r, fo);
    float pdf = (1 - pCoat) * wiz * INV_PI;
    if (alpha >= Microfacet.SMOOTH_ALPHA) {
      float mx = wox + wix;
      float my = woy + wiy;
      float mz = woz + wiz;
      float len = (float) Math.sqrt(mx * mx + my * my + mz * mz);
      mx /= len;
      my /= len;
      mz /= len;
      float cosOm = Math.abs(wox * mx + woy * my + woz * mz);
      float spec = Microfacet.d(alpha, mx, my, mz) * Microfacet.g(alpha, wox, woy, woz, wix, wiy, wiz)
          * Fresnel.dielectric(cosOm, eta) / (4 * woz * wiz);
      out.fr += spec;
      out.fg += spec;
      out.fb += spec;
      pdf += pCoat * Microfacet.visiblePdf(alpha, wox, woy, woz, mx, my, mz) / (4 * cosOm);
    }
    out.pdf = pdf;
  }

  static boolean sample(float[] r, float eta, float alpha, float wox, float woy, float woz,
      float uc, float u0, float u1, BsdfSample out, float[] tmp) {
    float fo = Fresnel.dielectric(woz, eta);
    float pCoat = coatProbability(r, fo);
    if (uc < pCoat) {
      if (alpha < Microfacet.SMOOTH_ALPHA) {
        float f = fo / Math.abs(woz);
        out.set(-wox, -woy, woz, f, f, f, pCoat, true);
        return true;
      }
      Microfacet.sampleReflection(alpha, wox, woy, woz, u0, u1, tmp);
    } else {
      dev.treelet.tracer.sampling.Warp.cosineHemisphere(u0, u1, tmp);
    }
    if (tmp[2] <= 0) {
      return false;
    }
    // The returned f and pdf are the whole mixture's, whichever lobe chose the direction.
    eval(r, eta, alpha, wox, woy, woz, tmp[0], tmp[1], tmp[2], out);
    return out.glossy(tmp[0], tmp[1], tmp[2]);
  }
}
