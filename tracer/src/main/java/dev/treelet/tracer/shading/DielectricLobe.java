package dev.treelet.tracer.shading;

/**
 * Smooth glass: Fresnel-weighted choice between mirror reflection and refraction. Rough dielectrics
 * are rendered as smooth (a documented approximation; the parser warns). Works from either side:
 * wo.z < 0 means the ray arrives from inside.
 */
final class DielectricLobe {
  private DielectricLobe() {}

  static boolean sample(float eta, float wox, float woy, float woz, float uc, BsdfSample out) {
    float r = Fresnel.dielectric(woz, eta);
    float t = 1 - r;
    if (uc < r / (r + t)) {
      float inv = 1 / Math.abs(woz);
      out.set(-wox, -woy, woz, r * inv, r * inv, r * inv, r / (r + t), true);
      return true;
    }
    // Refract about the normal on wo's side (pbrt's Refract).
    float cosI = woz;
    float e = eta;
    float sign = 1;
    if (cosI < 0) {
      e = 1 / eta;
      cosI = -cosI;
      sign = -1;
    }
    float sin2T = Math.max(0, 1 - cosI * cosI) / (e * e);
    if (sin2T >= 1) {
      return false;
    }
    float cosT = (float) Math.sqrt(1 - sin2T);
    float wix = -wox / e;
    float wiy = -woy / e;
    float wiz = -woz / e + (cosI / e - cosT) * sign;
    // Radiance is compressed entering a denser medium: divide by etap^2 (pbrt's TransportMode::Radiance).
    float f = t / Math.abs(wiz) / (e * e);
    out.set(wix, wiy, wiz, f, f, f, t / (r + t), true);
    out.transmission = true;
    out.etap = e;
    return true;
  }
}
