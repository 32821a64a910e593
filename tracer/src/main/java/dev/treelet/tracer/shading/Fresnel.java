package dev.treelet.tracer.shading;

/** Fresnel reflectance for dielectric interfaces and conductors (pbrt-v4's FrDielectric/FrComplex). */
final class Fresnel {
  private Fresnel() {}

  /** Unpolarised reflectance of a dielectric interface; cosI may be negative (inside). */
  static float dielectric(float cosI, float eta) {
    cosI = Math.max(-1, Math.min(1, cosI));
    if (cosI < 0) {
      eta = 1 / eta;
      cosI = -cosI;
    }
    float sin2I = 1 - cosI * cosI;
    float sin2T = sin2I / (eta * eta);
    if (sin2T >= 1) {
      return 1;
    }
    float cosT = (float) Math.sqrt(Math.max(0, 1 - sin2T));
    float rPar = (eta * cosI - cosT) / (eta * cosI + cosT);
    float rPerp = (cosI - eta * cosT) / (cosI + eta * cosT);
    return (rPar * rPar + rPerp * rPerp) / 2;
  }

  /** Reflectance of a conductor with complex index eta + i k, for one channel. */
  static float conductor(float cosI, float eta, float k) {
    cosI = Math.max(0, Math.min(1, cosI));
    // Complex arithmetic on (re, im) pairs, as pbrt's FrComplex.
    double sin2I = 1 - cosI * cosI;
    // sin2T = sin2I / eta^2, with eta complex: 1/(eta^2) = conj(eta^2)/|eta^2|^2
    double e2re = eta * eta - k * k;
    double e2im = 2 * eta * k;
    double norm = e2re * e2re + e2im * e2im;
    double s2re = sin2I * e2re / norm;
    double s2im = -sin2I * e2im / norm;
    // cosT = sqrt(1 - sin2T), the principal complex square root, in locals (no allocation per ray)
    double zRe = 1 - s2re;
    double zIm = -s2im;
    double zAbs = Math.hypot(zRe, zIm);
    double root = Math.sqrt(0.5 * (zAbs + Math.abs(zRe)));
    double other = root == 0 ? 0 : 0.5 * zIm / root;
    double cosTRe = zRe >= 0 ? root : Math.abs(other);
    double cosTIm = zRe >= 0 ? other : Math.copySign(root, zIm);
    // rParl = (eta cosI - cosT) / (eta cosI + cosT)
    double ecRe = eta * cosI;
    double ecIm = k * cosI;
    double rParl = absSquaredRatio(ecRe - cosTRe, ecIm - cosTIm, ecRe + cosTRe, ecIm + cosTIm);
    // rPerp = (cosI - eta cosT) / (cosI + eta cosT)
    double ectRe = eta * cosTRe - k * cosTIm;
    double ectIm = eta * cosTIm + k * cosTRe;
    double rPerp = absSquaredRatio(cosI - ectRe, -ectIm, cosI + ectRe, ectIm);
    return (float) ((rParl + rPerp) / 2);
  }

  private static double absSquaredRatio(double aRe, double aIm, double bRe, double bIm) {
    double b = bRe * bRe + bIm * bIm;
    return b == 0 ? 1 : (aRe * aRe + aIm * aIm) / b;
  }
}
