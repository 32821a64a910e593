package dev.treelet.tracer.cli;

import dev.treelet.tracer.bvh.Bvh;
import dev.treelet.tracer.bvh.BvhBuilder;
import dev.treelet.tracer.sampling.DeterministicSampler;
import dev.treelet.tracer.sampling.Warp;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.treelet.Traversal;
import dev.treelet.tracer.treelet.Treelet;
import dev.treelet.tracer.treelet.TreeletPartitioner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code treelet bench traversal SCENE [--rays camera|incoherent] [--count M] [--dump DIR]
 * [--repeats R]}: closest-hit and any-hit rays/s of the traversal kernel on one thread, through one
 * treelet holding the whole BVH. Best of R timed runs after a warm-up. --dump writes the triangles
 * and rays in the formats of the Embree anchor so both trace the same work.
 */
public final class BenchTraversalCommand {
  public static final Set<String> OPTIONS = Set.of("rays", "count", "dump", "repeats");

  private BenchTraversalCommand() {}

  public static void run(Args args) throws IOException {
    if (args.positional().size() != 1) {
      throw new Args.UsageException("bench traversal: give one scene file, e.g. ./treelet bench traversal "
          + "../shared/scenes/armadillo.pbrt");
    }
    String kind = args.string("rays", "incoherent");
    if (!kind.equals("camera") && !kind.equals("incoherent")) {
      throw new Args.UsageException("bench traversal: --rays is camera or incoherent, not \"" + kind + "\"");
    }
    int count = args.intValue("count", 1_000_000, 1);
    int repeats = args.intValue("repeats", 5, 1);
    Scene scene = SceneLoading.parse(Path.of(args.positional().get(0)));
    int n = scene.triangles().count();
    long t0 = System.nanoTime();
    Bvh bvh = BvhBuilder.build(scene.triangles().positions(), n, Runtime.getRuntime().availableProcessors(), null);
    Treelet all = TreeletPartitioner.partition(bvh, scene.triangles(), Long.MAX_VALUE).get(0);
    System.err.printf(Locale.ROOT, "BVH over %d triangles: %d nodes, depth %d, built in %.2fs%n", n, bvh.nodeCount(),
        bvh.maxDepth(), (System.nanoTime() - t0) / 1e9);
    float[] rays = kind.equals("camera") ? cameraRays(scene, count) : incoherentRays(scene, count);
    if (args.string("dump", null) != null) {
      dump(Path.of(args.string("dump", null)), scene, rays);
    }
    Traversal tr = new Traversal();
    double bestClosest = Double.MAX_VALUE;
    double bestAny = Double.MAX_VALUE;
    long hits = 0;
    long occluded = 0;
    double checksum = 0;
    for (int rep = -2; rep < repeats; rep++) { // two untimed warm-up passes for the JIT
      long a = System.nanoTime();
      hits = 0;
      checksum = 0;
      for (int i = 0; i < count; i++) {
        int o = 7 * i;
        tr.start(rays[o], rays[o + 1], rays[o + 2], rays[o + 3], rays[o + 4], rays[o + 5], rays[o + 6]);
        tr.run(all, false);
        if (tr.hitTriangle() >= 0) {
          hits++;
          checksum += tr.tMax();
        }
      }
      long b = System.nanoTime();
      occluded = 0;
      for (int i = 0; i < count; i++) {
        int o = 7 * i;
        tr.start(rays[o], rays[o + 1], rays[o + 2], rays[o + 3], rays[o + 4], rays[o + 5], rays[o + 6]);
        tr.run(all, true);
        if (tr.occluded()) {
          occluded++;
        }
      }
      long c = System.nanoTime();
      if (rep >= 0) {
        bestClosest = Math.min(bestClosest, (b - a) / 1e9);
        bestAny = Math.min(bestAny, (c - b) / 1e9);
      }
    }
    System.out.printf(Locale.ROOT, "closest_hit_mrays_per_s=%.3f any_hit_mrays_per_s=%.3f hits=%d checksum_t=%.6e"
        + " occluded=%d rays=%d triangles=%d%n", count / bestClosest / 1e6, count / bestAny / 1e6, hits, checksum,
        occluded, count, n);
  }

  /** Camera rays through jittered pixel positions, spread over the whole image. */
  private static float[] cameraRays(Scene scene, int count) {
    float[] rays = new float[7 * count];
    float[] r = new float[6];
    int pixels = scene.width() * scene.height();
    for (int i = 0; i < count; i++) {
      int pixel = (int) ((long) i * pixels / count);
      float jx = DeterministicSampler.get(1, pixel, i, 0);
      float jy = DeterministicSampler.get(1, pixel, i, 1);
      scene.camera().generate(pixel % scene.width() + jx, pixel / scene.width() + jy, r);
      System.arraycopy(r, 0, rays, 7 * i, 6);
      rays[7 * i + 6] = Float.POSITIVE_INFINITY;
    }
    return rays;
  }

  /**
   * Bounce-like rays, as a path tracer's secondary rays: each starts just off a random point of a
   * random triangle and leaves in a uniformly random direction.
   */
  private static float[] incoherentRays(Scene scene, int count) {
    float[] p = scene.triangles().positions();
    int n = scene.triangles().count();
    float[] rays = new float[7 * count];
    float[] d = new float[3];
    float[] bary = new float[2];
    for (int i = 0; i < count; i++) {
      int t = Math.min(n - 1, (int) (DeterministicSampler.get(7, i, 0, 0) * n));
      Warp.uniformTriangle(DeterministicSampler.get(7, i, 0, 2), DeterministicSampler.get(7, i, 0, 3), bary);
      Warp.uniformSphere(DeterministicSampler.get(7, i, 0, 4), DeterministicSampler.get(7, i, 0, 5), d);
      float b2 = 1 - bary[0] - bary[1];
      for (int a = 0; a < 3; a++) {
        float x = bary[0] * p[9 * t + a] + bary[1] * p[9 * t + 3 + a] + b2 * p[9 * t + 6 + a];
        rays[7 * i + a] = x + d[a] * 1e-3f * Math.max(1, Math.abs(x)); // leave the surface it starts on
      }
      System.arraycopy(d, 0, rays, 7 * i + 3, 3);
      rays[7 * i + 6] = Float.POSITIVE_INFINITY;
    }
    return rays;
  }

  private static void dump(Path dir, Scene scene, float[] rays) throws IOException {
    Files.createDirectories(dir);
    int n = scene.triangles().count();
    ByteBuffer t = ByteBuffer.allocate(8 + 36 * n).order(ByteOrder.LITTLE_ENDIAN);
    t.put("TRI1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(n);
    t.asFloatBuffer().put(scene.triangles().positions(), 0, 9 * n);
    Files.write(dir.resolve("triangles.bin"), t.array());
    int m = rays.length / 7;
    ByteBuffer r = ByteBuffer.allocate(8 + 28 * m).order(ByteOrder.LITTLE_ENDIAN);
    r.put("RAY1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(m);
    r.asFloatBuffer().put(rays);
    Files.write(dir.resolve("rays.bin"), r.array());
    System.err.println("wrote " + dir.resolve("triangles.bin") + " and " + dir.resolve("rays.bin"));
  }
}
