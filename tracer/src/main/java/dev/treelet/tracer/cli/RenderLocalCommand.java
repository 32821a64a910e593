package dev.treelet.tracer.cli;

import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.film.ImageFiles;
import dev.treelet.tracer.render.LocalRenderer;
import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.render.RenderCounters;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.scene.SceneShading;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code treelet render SCENE --local [--out FILE] [--spp N] [--seed S] [--threads T]
 * [--treelet-bytes B] [--worker-memory BYTES]}: the single-process render. Ends with the summary line
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
    Path sceneFile = Path.of(args.positional().get(0));
    int threads = args.intValue("threads", Runtime.getRuntime().availableProcessors(), 1);
    long treeletBytes = args.bytes("treelet-bytes", DEFAULT_TREELET_BYTES);
    long cacheBytes = args.bytes("worker-memory", Long.MAX_VALUE);
    long seed = args.longValue("seed", 0);
    Scene scene = SceneLoading.parse(sceneFile);
    Path out = Path.of(args.string("out", scene.filmFilename()));
    ImageFiles.checkWritable(out);
    int spp = args.intValue("spp", scene.samplesPerPixel(), 1);
    PreparedScene prepared = SceneLoading.prepare(scene, treeletBytes, threads);
    SceneShading shading = prepared.shading(seed).withSamplesPerPixel(spp);

    RenderCounters counters = LocalRenderer.countersFor(shading);
    LocalRenderer renderer = new LocalRenderer(shading, prepared.treelets(),
        new LocalRenderer.Options(threads, cacheBytes, 1024), counters);
    LocalRenderer.Result result;
    try (ProgressBar bar = new ProgressBar("render", counters.samples::get, counters.totalSamples,
        () -> ProgressBar.human(counters.rays.get()) + " rays")) {
      result = renderer.render();
    }
    ImageFiles.write(out, result.film());
    System.err.println("wrote " + out);
    System.out.println(summary(result.film(), result.seconds(), result.rays(), prepared.treelets().count(),
        prepared.treelets().totalBytes()));
  }

  /** The machine-readable line every render ends with, counted from the film. */
  public static String summary(Film film, double seconds, long rays, int treelets, long treeletBytes) {
    long samples = film.totalSamples();
    return String.format(Locale.ROOT,
        "pixels=%d samples=%d min_spp=%d max_spp=%d samples_per_s=%.0f rays_per_s=%.0f seconds=%.3f treelets=%d"
            + " total_treelet_bytes=%d",
        film.pixelCount(), samples, film.minSamples(), film.maxSamples(), samples / seconds, rays / seconds, seconds,
        treelets, treeletBytes);
  }
}
