package dev.treelet.tracer.bvh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.scene.TriangleSoup;
import dev.treelet.tracer.treelet.Traversal;
import dev.treelet.tracer.treelet.Treelet;
import dev.treelet.tracer.treelet.TreeletPartitioner;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The BVH finds what testing every triangle finds. The brute force is an independent
 * double-precision intersection; rays whose answer is within rounding of a tie or an edge are not
 * judged (float and double may legitimately differ there), and there must be few of those.
 */
class BvhBruteForceTest {
  private static final int TRIANGLES = 3000;
  private static final int RAYS = 100_000;
  private static final double MARGIN = 1e-4;

  @Test
  void closestAndAnyHitAgreeWithBruteForce() {
    SplittableRandom rnd = new SplittableRandom(42);
    TriangleSoup soup = new TriangleSoup();
    float[] v = new float[9];
    for (int i = 0; i < TRIANGLES; i++) {
      float cx = (float) rnd.nextDouble(-10, 10);
      float cy = (float) rnd.nextDouble(-10, 10);
      float cz = (float) rnd.nextDouble(-10, 10);
      double size = rnd.nextDouble() < 0.1 ? 4 : 0.6; // a few large triangles over many small ones
      for (int k = 0; k < 9; k++) {
        v[k] = (k % 3 == 0 ? cx : k % 3 == 1 ? cy : cz) + (float) rnd.nextDouble(-size, size);
      }
      soup.add(v, null, 0, -1);
    }
    Bvh bvh = BvhBuilder.build(soup.positions(), TRIANGLES, 2, null);
    Treelet all = TreeletPartitioner.partition(bvh, soup, Long.MAX_VALUE).get(0);
    Traversal tr = new Traversal();
    int judged = 0;
    int hits = 0;
    int occludedJudged = 0;
    for (int r = 0; r < RAYS; r++) {
      float ox = (float) rnd.nextDouble(-12, 12);
      float oy = (float) rnd.nextDouble(-12, 12);
      float oz = (float) rnd.nextDouble(-12, 12);
      double dx = rnd.nextGaussian();
      double dy = rnd.nextGaussian();
      double dz = rnd.nextGaussian();
      if (r % 10 == 1) { // axis-parallel rays: a zero direction component must not break the box test
        dx = r % 30 == 1 ? 0 : dx;
        dy = r % 30 == 11 ? 0 : dy;
        dz = r % 30 == 21 ? 0 : dz;
      }
      double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
      float fx = (float) (dx / len);
      float fy = (float) (dy / len);
      float fz = (float) (dz / len);
      float tMax = r % 4 == 0 ? (float) rnd.nextDouble(1, 20) : Float.POSITIVE_INFINITY;

      Brute b = brute(soup, ox, oy, oz, fx, fy, fz, tMax);
      tr.start(ox, oy, oz, fx, fy, fz, tMax);
      tr.run(all, false);
      int found = tr.hitTriangle() >= 0 ? globalId(all, tr.hitTriangle()) : -1;
      if (b.robust) {
        judged++;
        assertEquals(b.closest, found, "ray " + r + ": closest triangle");
        if (found >= 0) {
          hits++;
          assertEquals(b.t, tr.tMax(), 1e-4 * Math.max(1, b.t), "ray " + r + ": distance");
        }
      }
      tr.start(ox, oy, oz, fx, fy, fz, tMax);
      tr.run(all, true);
      if (b.anyRobust) {
        occludedJudged++;
        assertEquals(b.any, tr.occluded(), "ray " + r + ": any hit");
      }
    }
    assertTrue(judged > RAYS * 0.99, "too few rays could be judged: " + judged);
    assertTrue(occludedJudged > RAYS * 0.99, "too few shadow rays could be judged: " + occludedJudged);
    assertTrue(hits > RAYS / 10, "the scene is hit too rarely to test much: " + hits);
  }

  private static int globalId(Treelet t, int local) {
    // recordHit is the public way to read a triangle's global id.
    var b = new dev.treelet.tracer.ray.RayBatch();
    int r = b.add();
    t.recordHit(local, 0.3f, 0.3f, b, r);
    return b.getInt(r, dev.treelet.tracer.ray.RayBatch.HIT_PRIM);
  }

  private record Brute(int closest, double t, boolean robust, boolean any, boolean anyRobust) {}

  private static Brute brute(TriangleSoup soup, double ox, double oy, double oz, double dx, double dy, double dz,
      double tMax) {
    float[] p = soup.positions();
    int best = -1;
    double bestT = tMax;
    double secondT = Double.POSITIVE_INFINITY;
    boolean nearEdge = false;
    boolean any = false;
    boolean anyAmbiguous = false;
    for (int i = 0; i < soup.count(); i++) {
      int o = 9 * i;
      double e1x = p[o + 3] - p[o], e1y = p[o + 4] - p[o + 1], e1z = p[o + 5] - p[o + 2];
      double e2x = p[o + 6] - p[o], e2y = p[o + 7] - p[o + 1], e2z = p[o + 8] - p[o + 2];
      double px = dy * e2z - dz * e2y, py = dz * e2x - dx * e2z, pz = dx * e2y - dy * e2x;
      double det = e1x * px + e1y * py + e1z * pz;
      if (Math.abs(det) < 1e-12) {
        continue;
      }
      double sx = ox - p[o], sy = oy - p[o + 1], sz = oz - p[o + 2];
      double u = (sx * px + sy * py + sz * pz) / det;
      double qx = sy * e1z - sz * e1y, qy = sz * e1x - sx * e1z, qz = sx * e1y - sy * e1x;
      double v = (dx * qx + dy * qy + dz * qz) / det;
      double t = (e2x * qx + e2y * qy + e2z * qz) / det;
      boolean inside = u >= 0 && v >= 0 && u + v <= 1;
      boolean nearTriangle = u > -MARGIN && v > -MARGIN && u + v < 1 + MARGIN;
      boolean edge = nearTriangle && (Math.abs(u) < MARGIN || Math.abs(v) < MARGIN || Math.abs(1 - u - v) < MARGIN
          || Math.abs(t) < MARGIN || Math.abs(t - tMax) < MARGIN * Math.max(1, t));
      if (edge) {
        anyAmbiguous |= t > -MARGIN && t < tMax + MARGIN;
        if (t > -MARGIN && t < bestT + MARGIN) {
          nearEdge = true;
        }
      }
      if (!inside || t <= 0 || t >= tMax) {
        continue;
      }
      any = true;
      if (t < bestT) {
        secondT = bestT;
        bestT = t;
        best = i;
      } else {
        secondT = Math.min(secondT, t);
      }
    }
    boolean tie = best >= 0 && secondT - bestT < MARGIN * Math.max(1, bestT);
    return new Brute(best, bestT, !nearEdge && !tie, any, !anyAmbiguous);
  }
}
