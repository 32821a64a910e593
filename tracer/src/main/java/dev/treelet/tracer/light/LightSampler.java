package dev.treelet.tracer.light;

import dev.treelet.tracer.sampling.Warp;

/**
 * Next-event estimation: picks a light uniformly and samples a direction to it, and gives the
 * density with which a direction would have been chosen (for multiple importance sampling when a
 * BSDF-sampled ray hits a light).
 */
public final class LightSampler {
  private final Lights lights;
  private final float pickPdf;
  private final float[] tmp = new float[3];

  public LightSampler(Lights lights) {
    this.lights = lights;
    this.pickPdf = lights.count() == 0 ? 0 : 1f / lights.count();
  }

  /** Samples a light for shading point p; false if there are no lights or nothing arrives. */
  public boolean sample(float px, float py, float pz, float uPick, float u0, float u1, LightSample out) {
    int n = lights.count();
    if (n == 0) {
      return false;
    }
    int i = Math.min((int) (uPick * n), n - 1);
    if (lights.hasEnvironment()) {
      if (i == 0) {
        Warp.uniformSphere(u0, u1, tmp);
        float[] env = lights.environment();
        set(out, tmp[0], tmp[1], tmp[2], Float.POSITIVE_INFINITY, env[0], env[1], env[2],
            Warp.UNIFORM_SPHERE_PDF * pickPdf, false);
        return true;
      }
      i--;
    }
    if (i < lights.distantCount()) {
      float[] d = lights.distantDirections();
      float[] l = lights.distantRadiance();
      set(out, d[3 * i], d[3 * i + 1], d[3 * i + 2], Float.POSITIVE_INFINITY, l[3 * i], l[3 * i + 1], l[3 * i + 2],
          pickPdf, true);
      return true;
    }
    i -= lights.distantCount();
    float[] v = lights.areaVertices();
    Warp.uniformTriangle(u0, u1, tmp);
    float b0 = tmp[0];
    float b1 = tmp[1];
    float b2 = 1 - b0 - b1;
    int o = 9 * i;
    float qx = b0 * v[o] + b1 * v[o + 3] + b2 * v[o + 6];
    float qy = b0 * v[o + 1] + b1 * v[o + 4] + b2 * v[o + 7];
    float qz = b0 * v[o + 2] + b1 * v[o + 5] + b2 * v[o + 8];
    float dx = qx - px;
    float dy = qy - py;
    float dz = qz - pz;
    float dist2 = dx * dx + dy * dy + dz * dz;
    if (dist2 == 0) {
      return false;
    }
    float dist = (float) Math.sqrt(dist2);
    dx /= dist;
    dy /= dist;
    dz /= dist;
    float[] nl = lights.areaNormals();
    float cosL = -(nl[3 * i] * dx + nl[3 * i + 1] * dy + nl[3 * i + 2] * dz);
    if (cosL <= 0 && !lights.areaTwoSided(i) || cosL == 0) {
      return false;
    }
    float[] l = lights.areaRadiance();
    float pdf = dist2 / (Math.abs(cosL) * lights.area(i)) * pickPdf;
    set(out, dx, dy, dz, dist, l[3 * i], l[3 * i + 1], l[3 * i + 2], pdf, false);
    return true;
  }

  /** Density of choosing direction d towards area light id at distance t (for MIS). */
  public float areaPdf(int id, float t, float dx, float dy, float dz) {
    float[] n = lights.areaNormals();
    float cos = Math.abs(n[3 * id] * dx + n[3 * id + 1] * dy + n[3 * id + 2] * dz);
    return cos == 0 ? 0 : t * t / (cos * lights.area(id)) * pickPdf;
  }

  /** Density of choosing any direction towards the uniform environment (for MIS). */
  public float environmentPdf() {
    return Warp.UNIFORM_SPHERE_PDF * pickPdf;
  }

  /** Radiance leaving area light id towards a viewer in direction (wx, wy, wz) from it, into out. */
  public boolean emitted(int id, float wx, float wy, float wz, float[] out) {
    float[] n = lights.areaNormals();
    float cos = n[3 * id] * wx + n[3 * id + 1] * wy + n[3 * id + 2] * wz;
    if (cos <= 0 && !lights.areaTwoSided(id)) {
      return false;
    }
    float[] l = lights.areaRadiance();
    out[0] = l[3 * id];
    out[1] = l[3 * id + 1];
    out[2] = l[3 * id + 2];
    return true;
  }

  private static void set(LightSample s, float wx, float wy, float wz, float dist, float r, float g, float b,
      float pdf, boolean delta) {
    s.wx = wx;
    s.wy = wy;
    s.wz = wz;
    s.distance = dist;
    s.lr = r;
    s.lg = g;
    s.lb = b;
    s.pdf = pdf;
    s.delta = delta;
  }
}
