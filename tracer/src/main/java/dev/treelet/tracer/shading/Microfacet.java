package dev.treelet.tracer.shading;

/**
 * Isotropic Trowbridge-Reitz (GGX) microfacet distribution with visible-normal sampling, following
 * pbrt-v4's TrowbridgeReitzDistribution. Directions are in the local frame (z = normal).
 */
final class Microfacet {
  /** Below this alpha a surface is treated as perfectly smooth (a delta lobe). */
  static final float SMOOTH_ALPHA = 1e-3f;

  private Microfacet() {}

  static float d(float alpha, float mx, float my, float mz) {
    float cos2 = mz * mz;
    if (cos2 <= 0) {
      return 0;
    }
    float tan2 = (mx * mx + my * my) / cos2;
    float a2 = alpha * alpha;
    float e = 1 + tan2 / a2;
    return (float) (1 / (Math.PI * a2 * cos2 * cos2 * e * e));
  }

  static float lambda(float alpha, float x, float y, float z) {
    float cos2 = z * z;
    if (cos2 <= 0) {
      return 0;
    }
    float tan2 = (x * x + y * y) / cos2;
    return ((float) Math.sqrt(1 + alpha * alpha * tan2) - 1) / 2;
  }

  static float g(float alpha, float ox, float oy, float oz, float ix, float iy, float iz) {
    return 1 / (1 + lambda(alpha, ox, oy, oz) + lambda(alpha, ix, iy, iz));
  }

  /** Density of visible normal m seen from w: G1(w) / |cos w| * D(m) * |w . m|. */
  static float visiblePdf(float alpha, float wx, float wy, float wz, float mx, float my, float mz) {
    float g1 = 1 / (1 + lambda(alpha, wx, wy, wz));
    return g1 / Math.abs(wz) * d(alpha, mx, my, mz) * Math.abs(wx * mx + wy * my + wz * mz);
  }

  /** Samples a visible normal from direction w (w.z > 0); writes it to out[0..2]. */
  static void sampleVisible(float alpha, float wx, float wy, float wz, float u0, float u1, float[] out) {
    float hx = alpha * wx;
    float hy = alpha * wy;
    float hz = wz;
    float len = (float) Math.sqrt(hx * hx + hy * hy + hz * hz);
    hx /= len;
    hy /= len;
    hz /= len;
    if (hz < 0) {
      hx = -hx;
      hy = -hy;
      hz = -hz;
    }
    float t1x;
    float t1y;
    if (hz < 0.99999f) {
      float l = (float) Math.sqrt(hx * hx + hy * hy);
      t1x = -hy / l;
      t1y = hx / l;
    } else {
      t1x = 1;
      t1y = 0;
    }
    // t2 = cross(h, t1) with t1 = (t1x, t1y, 0)
    float t2x = -hz * t1y;
    float t2y = hz * t1x;
    float t2z = hx * t1y - hy * t1x;
    float r = (float) Math.sqrt(u0);
    double phi = 2 * Math.PI * u1;
    float px = r * (float) Math.cos(phi);
    float py = r * (float) Math.sin(phi);
    float h = (float) Math.sqrt(Math.max(0, 1 - px * px));
    float s = (1 + hz) / 2;
    py = (1 - s) * h + s * py;
    float pz = (float) Math.sqrt(Math.max(0, 1 - px * px - py * py));
    float nx = px * t1x + py * t2x + pz * hx;
    float ny = px * t1y + py * t2y + pz * hy;
    float nz = py * t2z + pz * hz;
    float mx = alpha * nx;
    float my = alpha * ny;
    float mz = Math.max(1e-6f, nz);
    float ml = (float) Math.sqrt(mx * mx + my * my + mz * mz);
    out[0] = mx / ml;
    out[1] = my / ml;
    out[2] = mz / ml;
  }

  /** Samples a visible normal and reflects wo about it; writes the incident direction to out[0..2]. */
  static void sampleReflection(float alpha, float wox, float woy, float woz, float u0, float u1, float[] out) {
    sampleVisible(alpha, wox, woy, woz, u0, u1, out);
    float dot = wox * out[0] + woy * out[1] + woz * out[2];
    out[0] = -wox + 2 * dot * out[0];
    out[1] = -woy + 2 * dot * out[1];
    out[2] = -woz + 2 * dot * out[2];
  }
}
