package dev.treelet.tracer.integrator;

import static dev.treelet.tracer.ray.RayBatch.BETA;
import static dev.treelet.tracer.ray.RayBatch.DIMENSION;
import static dev.treelet.tracer.ray.RayBatch.DIRECTION;
import static dev.treelet.tracer.ray.RayBatch.ETA_SCALE;
import static dev.treelet.tracer.ray.RayBatch.FLAGS;
import static dev.treelet.tracer.ray.RayBatch.HIT_LIGHT;
import static dev.treelet.tracer.ray.RayBatch.HIT_MATERIAL;
import static dev.treelet.tracer.ray.RayBatch.HIT_NG;
import static dev.treelet.tracer.ray.RayBatch.HIT_NS;
import static dev.treelet.tracer.ray.RayBatch.L;
import static dev.treelet.tracer.ray.RayBatch.ORIGIN;
import static dev.treelet.tracer.ray.RayBatch.PIXEL;
import static dev.treelet.tracer.ray.RayBatch.PREV_PDF;
import static dev.treelet.tracer.ray.RayBatch.SAMPLE;
import static dev.treelet.tracer.ray.RayBatch.T_MAX;

import dev.treelet.tracer.light.LightSample;
import dev.treelet.tracer.light.LightSampler;
import dev.treelet.tracer.light.Lights;
import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.sampling.DeterministicSampler;
import dev.treelet.tracer.sampling.Warp;
import dev.treelet.tracer.scene.Material;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.shading.Bsdf;
import dev.treelet.tracer.shading.BsdfSample;

/**
 * One vertex of pbrt-v4's PathIntegrator, for a path ray whose closest hit is known: emission (with
 * MIS against light sampling), next-event estimation as a separate shadow ray, BSDF sampling and
 * Russian roulette. The path's state lives in the ray record, so this can run on any worker.
 */
final class PathShader {
  /** Shadow rays stop this fraction short of the light so they do not hit the emitter itself. */
  private static final float SHADOW_EPSILON = 1e-4f;

  private final SceneShading scene;
  private final Lights lights;
  private final LightSampler lightSampler;
  private final Material[] materials;
  private final Bsdf bsdf = new Bsdf();
  private final BsdfSample bs = new BsdfSample();
  private final LightSample ls = new LightSample();
  private final float[] le = new float[3];
  private long shadowRays;
  private long bounceRays;

  PathShader(SceneShading scene) {
    this.scene = scene;
    this.lights = scene.lights();
    this.lightSampler = new LightSampler(lights);
    this.materials = scene.materials().toArray(new Material[0]);
  }

  long shadowRays() {
    return shadowRays;
  }

  long bounceRays() {
    return bounceRays;
  }

  /**
   * Shades path ray r. Returns true if r was turned into the next bounce ray (traversal restarted at
   * the root); false if the path ended, in which case its sample was emitted. A shadow ray, if any,
   * is appended to shadows.
   */
  boolean shade(RayBatch b, int r, RayBatch shadows, TraceOutput out) {
    int flags = b.getInt(r, FLAGS);
    int depth = RayBatch.depthOf(flags);
    int shadowCount = RayBatch.shadowRaysOf(flags);
    boolean specular = (flags & RayBatch.FLAG_SPECULAR) != 0;
    float betaR = b.getFloat(r, BETA), betaG = b.getFloat(r, BETA + 1), betaB = b.getFloat(r, BETA + 2);
    float lr = b.getFloat(r, L), lg = b.getFloat(r, L + 1), lb = b.getFloat(r, L + 2);
    float dx = b.getFloat(r, DIRECTION), dy = b.getFloat(r, DIRECTION + 1), dz = b.getFloat(r, DIRECTION + 2);
    float prevPdf = b.getFloat(r, PREV_PDF);
    int light = b.getInt(r, HIT_LIGHT);
    int pixel = b.getInt(r, PIXEL);
    int sample = b.getInt(r, SAMPLE);

    if (light == RayBatch.NO_HIT) {
      if (lights.hasEnvironment()) {
        float w = depth == 0 || specular ? 1 : Warp.powerHeuristic(prevPdf, lightSampler.environmentPdf());
        float[] env = lights.environment();
        lr += betaR * env[0] * w;
        lg += betaG * env[1] * w;
        lb += betaB * env[2] * w;
      }
      out.pathDone(pixel, sample, lr, lg, lb, shadowCount);
      return false;
    }
    float t = b.getFloat(r, T_MAX);
    float px = b.getFloat(r, ORIGIN) + t * dx;
    float py = b.getFloat(r, ORIGIN + 1) + t * dy;
    float pz = b.getFloat(r, ORIGIN + 2) + t * dz;
    float ngx = b.getFloat(r, HIT_NG), ngy = b.getFloat(r, HIT_NG + 1), ngz = b.getFloat(r, HIT_NG + 2);
    if (light >= 0 && lightSampler.emitted(light, -dx, -dy, -dz, le)) {
      float w = depth == 0 || specular ? 1
          : Warp.powerHeuristic(prevPdf, lightSampler.areaPdf(light, t, dx, dy, dz));
      lr += betaR * le[0] * w;
      lg += betaG * le[1] * w;
      lb += betaB * le[2] * w;
    }
    Material m = materials[b.getInt(r, HIT_MATERIAL)];
    if (m.type() == Material.Type.INTERFACE) {
      // No surface here: continue the same path straight on, without a bounce (pbrt's SkipIntersection).
      float off = offsetScale(px, py, pz);
      b.set3(r, ORIGIN, px + dx * off, py + dy * off, pz + dz * off);
      b.set3(r, L, lr, lg, lb);
      b.setFloat(r, T_MAX, Float.POSITIVE_INFINITY);
      b.resetTraversal(r);
      return true;
    }
    if (depth == scene.maxDepth()) {
      out.pathDone(pixel, sample, lr, lg, lb, shadowCount);
      return false;
    }
    float nsx = b.getFloat(r, HIT_NS), nsy = b.getFloat(r, HIT_NS + 1), nsz = b.getFloat(r, HIT_NS + 2);
    bsdf.setup(m, nsx, nsy, nsz);
    long seed = scene.seed();
    int dim = b.getInt(r, DIMENSION);

    if (bsdf.hasNonSpecular() && lights.count() > 0) {
      float uPick = DeterministicSampler.get(seed, pixel, sample, dim + Dimensions.LIGHT_PICK);
      float u0 = DeterministicSampler.get(seed, pixel, sample, dim + Dimensions.LIGHT_U0);
      float u1 = DeterministicSampler.get(seed, pixel, sample, dim + Dimensions.LIGHT_U1);
      if (lightSampler.sample(px, py, pz, uPick, u0, u1, ls)) {
        bsdf.eval(-dx, -dy, -dz, ls.wx, ls.wy, ls.wz, bs);
        float cos = Math.abs(ls.wx * nsx + ls.wy * nsy + ls.wz * nsz);
        if (bs.fr + bs.fg + bs.fb > 0 && cos > 0) {
          float w = ls.delta ? 1 : Warp.powerHeuristic(ls.pdf, bs.pdf);
          float k = cos * w / ls.pdf;
          if (spawnShadow(shadows, pixel, sample, px, py, pz, ngx, ngy, ngz, ls,
              betaR * bs.fr * ls.lr * k, betaG * bs.fg * ls.lg * k, betaB * bs.fb * ls.lb * k)) {
            shadowCount++;
          }
        }
      }
    }

    float uc = DeterministicSampler.get(seed, pixel, sample, dim + Dimensions.BSDF_LOBE);
    float u0 = DeterministicSampler.get(seed, pixel, sample, dim + Dimensions.BSDF_U0);
    float u1 = DeterministicSampler.get(seed, pixel, sample, dim + Dimensions.BSDF_U1);
    if (!bsdf.sample(-dx, -dy, -dz, uc, u0, u1, bs)) {
      out.pathDone(pixel, sample, lr, lg, lb, shadowCount);
      return false;
    }
    float k = Math.abs(bs.wx * nsx + bs.wy * nsy + bs.wz * nsz) / bs.pdf;
    betaR *= bs.fr * k;
    betaG *= bs.fg * k;
    betaB *= bs.fb * k;
    float etaScale = b.getFloat(r, ETA_SCALE);
    if (bs.transmission) {
      etaScale *= bs.etap * bs.etap;
    }
    float maxBeta = Math.max(betaR, Math.max(betaG, betaB));
    if (!(maxBeta > 0)) {
      out.pathDone(pixel, sample, lr, lg, lb, shadowCount);
      return false;
    }
    float rr = maxBeta * etaScale;
    if (rr < 1 && depth >= 1) {
      float q = Math.max(0, 1 - rr);
      if (DeterministicSampler.get(seed, pixel, sample, dim + Dimensions.ROULETTE) < q) {
        out.pathDone(pixel, sample, lr, lg, lb, shadowCount);
        return false;
      }
      betaR /= 1 - q;
      betaG /= 1 - q;
      betaB /= 1 - q;
    }
    float off = offsetScale(px, py, pz);
    float side = bs.wx * ngx + bs.wy * ngy + bs.wz * ngz < 0 ? -off : off;
    b.set3(r, ORIGIN, px + ngx * side, py + ngy * side, pz + ngz * side);
    b.set3(r, DIRECTION, bs.wx, bs.wy, bs.wz);
    b.setFloat(r, T_MAX, Float.POSITIVE_INFINITY);
    b.set3(r, BETA, betaR, betaG, betaB);
    b.set3(r, L, lr, lg, lb);
    b.setFloat(r, PREV_PDF, bs.specular ? 0 : bs.pdf);
    b.setFloat(r, ETA_SCALE, etaScale);
    b.setInt(r, FLAGS, RayBatch.pathFlags(depth + 1, shadowCount, bs.specular));
    b.setInt(r, DIMENSION, dim + Dimensions.PER_BOUNCE);
    b.resetTraversal(r);
    bounceRays++;
    return true;
  }

  /** Appends a shadow ray unless its contribution is zero or not finite; true if it did. */
  private boolean spawnShadow(RayBatch shadows, int pixel, int sample, float px, float py, float pz,
      float ngx, float ngy, float ngz, LightSample ls, float cr, float cg, float cb) {
    if (!(cr + cg + cb > 0) || !Float.isFinite(cr + cg + cb)) {
      return false;
    }
    float off = offsetScale(px, py, pz);
    float side = ls.wx * ngx + ls.wy * ngy + ls.wz * ngz < 0 ? -off : off;
    float ox = px + ngx * side;
    float oy = py + ngy * side;
    float oz = pz + ngz * side;
    float wx = ls.wx;
    float wy = ls.wy;
    float wz = ls.wz;
    float tMax = Float.POSITIVE_INFINITY;
    if (ls.distance != Float.POSITIVE_INFINITY) {
      // Aim from the offset origin at the sampled point itself.
      float tx = px + wx * ls.distance - ox;
      float ty = py + wy * ls.distance - oy;
      float tz = pz + wz * ls.distance - oz;
      float d = (float) Math.sqrt(tx * tx + ty * ty + tz * tz);
      wx = tx / d;
      wy = ty / d;
      wz = tz / d;
      tMax = d * (1 - SHADOW_EPSILON);
    }
    int s = shadows.add();
    shadows.setInt(s, PIXEL, pixel);
    shadows.setInt(s, SAMPLE, sample);
    shadows.setInt(s, FLAGS, RayBatch.FLAG_SHADOW);
    shadows.setInt(s, DIMENSION, 0);
    shadows.set3(s, ORIGIN, ox, oy, oz);
    shadows.set3(s, DIRECTION, wx, wy, wz);
    shadows.setFloat(s, T_MAX, tMax);
    shadows.set3(s, BETA, cr, cg, cb);
    shadows.resetTraversal(s);
    shadowRays++;
    return true;
  }

  /** How far to move a spawned ray's origin off the surface: ~1e-4 relative to the coordinates. */
  private static float offsetScale(float px, float py, float pz) {
    float m = Math.max(Math.abs(px), Math.max(Math.abs(py), Math.abs(pz)));
    return 1e-4f * Math.max(1f, m);
  }
}
