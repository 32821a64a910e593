package dev.treelet.tracer.sampling;

/**
 * Maps uniform samples to directions and points. Results are written into a caller's float[3] so the
 * shading path allocates nothing per ray.
 */
public final class Warp {
  private Warp() {}

  /** Cosine-weighted direction about +z (Malley's method over a concentric disk); pdf = cos/pi. */
  public static void cosineHemisphere(float u0, float u1, float[] out) {
    float ox = 2 * u0 - 1;
    float oy = 2 * u1 - 1;
    float dx;
    float dy;
    if (ox == 0 && oy == 0) {
      dx = 0;
      dy = 0;
    } else if (Math.abs(ox) > Math.abs(oy)) {
      float r = ox;
      float theta = (float) (Math.PI / 4) * (oy / ox);
      dx = r * (float) Math.cos(theta);
      dy = r * (float) Math.sin(theta);
    } else {
      float r = oy;
      float theta = (float) (Math.PI / 2) - (float) (Math.PI / 4) * (ox / oy);
      dx = r * (float) Math.cos(theta);
      dy = r * (float) Math.sin(theta);
    }
    out[0] = dx;
    out[1] = dy;
    out[2] = (float) Math.sqrt(Math.max(0, 1 - dx * dx - dy * dy));
  }

  /** Uniform direction on the unit sphere; pdf = 1/(4 pi). */
  public static void uniformSphere(float u0, float u1, float[] out) {
    float z = 1 - 2 * u0;
    float r = (float) Math.sqrt(Math.max(0, 1 - z * z));
    double phi = 2 * Math.PI * u1;
    out[0] = r * (float) Math.cos(phi);
    out[1] = r * (float) Math.sin(phi);
    out[2] = z;
  }

  public static final float UNIFORM_SPHERE_PDF = (float) (1 / (4 * Math.PI));

  /** Uniform barycentrics (b0, b1) over a triangle (Heitz's low-distortion mapping). */
  public static void uniformTriangle(float u0, float u1, float[] out) {
    float b0;
    float b1;
    if (u0 < u1) {
      b0 = u0 / 2;
      b1 = u1 - b0;
    } else {
      b1 = u1 / 2;
      b0 = u0 - b1;
    }
    out[0] = b0;
    out[1] = b1;
  }

  /** Power heuristic with beta = 2 (Veach), as pbrt uses for light/BSDF MIS. */
  public static float powerHeuristic(float fPdf, float gPdf) {
    float f = fPdf * fPdf;
    float g = gPdf * gPdf;
    if (Float.isInfinite(f)) {
      return 1;
    }
    return f + g == 0 ? 0 : f / (f + g);
  }
}
