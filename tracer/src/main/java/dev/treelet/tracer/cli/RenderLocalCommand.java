package dev.treelet.tracer.cli;

import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.film.ImageFiles;
import dev.treelet.tracer.render.LocalRenderer;
import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.render.RenderCounters;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.treelet.TreeletStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code treelet render SCENE|PREPARED_DIR --local [--out FILE] [--spp N] [--seed S] [--threads T]
 * [--treelet-bytes B] [--worker-memory BYTES]}: the single-process render, from a scene file or a
 * folder written by {@code treelet prepare}. Ends with the summary line
 * every render prints, counted from the film.
 */
public final class RenderLocalCommand {
  public static final long DEFAULT_TREELET_BYTES = 4L << 20;
  public static final Set<String> OPTIONS = Set.of("out", "spp", "seed", "threads", "treelet-bytes",
      "worker-memory");
  public static final Set<String> FLAGS = Set.of("local");

  private RenderLocalCommand() {}

  public static void run(Args args) throws Exception {
    if (args.positional().size() != 1) {
      throw new Args.UsageException("render: give one scene file, e.g. ./treelet render scenes/cornell-box.pbrt --local");
    }
    Path input = Path.of(args.positional().get(0));
    int threads = args.intValue("threads", Runtime.getRuntime().availableProcessors(), 1);
    long cacheBytes = args.bytes("worker-memory", Long.MAX_VALUE);
    long seed = args.longValue("seed", 0);
    SceneShading scene;
    TreeletStore treelets;
    Path out;
    if (PreparedSceneFiles.isPrepared(input)) {
      if (args.string("treelet-bytes", null) != null) {
        throw new Args.UsageException("render: " + input + " is already cut into treelets; --treelet-bytes applies"
            + " to ./treelet prepare");
      }
      PreparedSceneFiles.Opened opened = PreparedSceneFiles.open(input, seed);
      scene = opened.shading();
      treelets = opened.treelets();
      out = Path.of(args.string("out", "render.exr"));
      ImageFiles.checkWritable(out);
    } else {
      Scene parsed = SceneLoading.parse(input);
      out = Path.of(args.string("out", parsed.filmFilename()));
      ImageFiles.checkWritable(out); // before the BVH build, so a bad name fails in the first second
      PreparedScene prepared = SceneLoading.prepare(parsed,
          args.bytes("treelet-bytes", DEFAULT_TREELET_BYTES), threads);
      scene = prepared.shading(seed);
      treelets = prepared.treelets();
    }
    SceneShading shading = scene.withSamplesPerPixel(args.intValue("spp", scene.samplesPerPixel(), 1));

    RenderCounters counters = LocalRenderer.countersFor(shading);
    LocalRenderer renderer = new LocalRenderer(shading, treelets,
        new LocalRenderer.Options(threads, cacheBytes, 1024), counters);
    LocalRenderer.Result result;
    try (ProgressBar bar = new ProgressBar("render", counters.samples::get, counters.totalSamples,
        () -> ProgressBar.human(counters.rays.get()) + " rays")) {
      result = renderer.render();
    }
    ImageFiles.write(out, result.film());
    System.err.println("wrote " + out);
    System.err.printf(Locale.ROOT, "treelet visits per sample %.2f, peak treelet bytes resident %d, treelet loads %d%n",
        (double) result.treeletVisits() / Math.max(1, result.film().totalSamples()), result.peakResidentBytes(),
        result.treeletLoads());
    if (result.film().droppedContributions() > 0) {
      System.err.println("warning: " + result.film().droppedContributions() + " sample contributions were NaN or"
          + " infinite and were dropped (their samples still count)");
    }
    System.out.println(summary(result.film(), result.seconds(), result.rays(), treelets.count(),
        treelets.totalBytes()));
  }

  /** The machine-readable line every render ends with, counted from the film. */
  public static String summary(Film film, double seconds, long rays, int treelets, long treeletBytes) {
    return summary(film.pixelCount(), film.totalSamples(), film.minSamples(), film.maxSamples(), seconds, rays,
        treelets, treeletBytes);
  }

  /** The summary line from its counts (the distributed render counts them in the aggregator's state). */
  public static String summary(long pixels, long samples, long minSpp, long maxSpp, double seconds, long rays,
      int treelets, long treeletBytes) {
    return String.format(Locale.ROOT,
        "pixels=%d samples=%d min_spp=%d max_spp=%d samples_per_s=%.0f rays_per_s=%.0f seconds=%.3f treelets=%d"
            + " total_treelet_bytes=%d",
        pixels, samples, minSpp, maxSpp, samples / seconds, rays / seconds, seconds, treelets, treeletBytes);
  }
}
