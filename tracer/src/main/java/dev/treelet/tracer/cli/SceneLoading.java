package dev.treelet.tracer.cli;

import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.scene.pbrt.PbrtParser;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Parses a scene and builds its treelets, telling the user what happens and how long it took. */
public final class SceneLoading {
  /** Above this many triangles the BVH build shows a progress bar. */
  private static final int PROGRESS_TRIANGLES = 1_000_000;

  private SceneLoading() {}

  public static Scene parse(Path file) {
    long t0 = System.nanoTime();
    Scene scene = PbrtParser.parse(file, w -> System.err.println("warning: " + w));
    System.err.printf(Locale.ROOT, "scene %s: %d triangles, %d materials, %d lights, %dx%d, %d spp, maxdepth %d"
            + " (parsed in %.2fs)%n", file, scene.triangles().count(), scene.materials().size(),
        scene.lights().count(), scene.width(), scene.height(), scene.samplesPerPixel(), scene.maxDepth(),
        (System.nanoTime() - t0) / 1e9);
    return scene;
  }

  public static PreparedScene prepare(Scene scene, long treeletBytes, int threads) {
    long t0 = System.nanoTime();
    AtomicLong placed = new AtomicLong();
    int n = scene.triangles().count();
    PreparedScene prepared;
    if (n >= PROGRESS_TRIANGLES) {
      try (ProgressBar bar = new ProgressBar("BVH build", placed::get, n, () -> "triangles")) {
        prepared = PreparedScene.prepare(scene, treeletBytes, threads, placed);
      }
    } else {
      prepared = PreparedScene.prepare(scene, treeletBytes, threads, placed);
    }
    System.err.printf(Locale.ROOT, "BVH: %d nodes, depth %d; %d treelets of at most %d bytes, %d bytes in all"
            + " (built in %.2fs)%n", prepared.bvhNodes(), prepared.bvhDepth(), prepared.treelets().count(),
        treeletBytes, prepared.treelets().totalBytes(), (System.nanoTime() - t0) / 1e9);
    return prepared;
  }
}
