package dev.treelet.cli;

import dev.treelet.pipeline.EmbeddedCluster;
import dev.treelet.pipeline.JobRun;
import dev.treelet.pipeline.RenderJob;
import dev.treelet.pipeline.RenderLaunch;
import dev.treelet.tracer.cli.Args;
import dev.treelet.tracer.cli.RenderLocalCommand;
import dev.treelet.tracer.cli.SceneLoading;
import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.render.LocalRenderer;
import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.scene.SceneShading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

/**
 * {@code treelet bench job SCENE [--spp N] [--workers K] [--treelet-bytes B] [--worker-memory BYTES]}:
 * the same prepared scene rendered by the single-process renderer (one thread per core) and by the
 * Flink job (K workers on the same cores), in one run, so the ratio is not skewed by a noisy machine's
 * drift. Prints one line: {@code local_samples_per_s=… job_samples_per_s=… ratio=…
 * job_steady_samples_per_s=… steady_ratio=… bytes_per_ray=… ray_hops_per_sample=… identical=true|false}.
 * "steady" leaves out the job's start-up (submission until the first finished sample).
 */
final class BenchJobCommand {
  static final Set<String> OPTIONS = Set.of("spp", "workers", "treelet-bytes", "worker-memory", "seed");

  private BenchJobCommand() {}

  static void run(Args args) throws Exception {
    if (args.positional().size() != 1) {
      throw new Args.UsageException("bench job: give one scene, e.g. ./treelet bench job scenes/cornell-box.pbrt");
    }
    int workers = args.intValue("workers", 2, 1);
    long seed = args.longValue("seed", 0);
    Path dir = Files.createTempDirectory("treelet-bench");
    try {
      PreparedSceneFiles.write(SceneLoading.prepare(SceneLoading.parse(Path.of(args.positional().get(0))),
          args.bytes("treelet-bytes", RenderLocalCommand.DEFAULT_TREELET_BYTES),
          Runtime.getRuntime().availableProcessors()), dir);
      PreparedSceneFiles.Opened opened = PreparedSceneFiles.open(dir, seed);
      SceneShading shading = opened.shading().withSamplesPerPixel(
          args.intValue("spp", opened.shading().samplesPerPixel(), 1));
      int threads = Runtime.getRuntime().availableProcessors();
      System.err.println("single-process render, " + threads + " threads ...");
      LocalRenderer.Result local = new LocalRenderer(shading, opened.treelets(), LocalRenderer.Options.of(threads),
          LocalRenderer.countersFor(shading)).render();
      double localRate = local.film().totalSamples() / local.seconds();

      System.err.println("Flink job, " + workers + " workers ...");
      Path out = dir.resolve("job.pfm");
      RenderLaunch.Options o = RenderLaunch.Options.defaults(out, workers).withSeed(seed)
          .withSpp(shading.samplesPerPixel()).withWorkerBudget(args.bytes("worker-memory", Long.MAX_VALUE));
      Configuration config = RenderJob.configuration(null, null);
      String line;
      try (RenderLaunch launch = RenderLaunch.start(dir, o); EmbeddedCluster cluster = new EmbeddedCluster(workers, config)) {
        long start = System.nanoTime();
        JobID job = JobRun.submit(cluster.client(), launch.jobGraph(config, null));
        JobRun.Outcome outcome = JobRun.await(cluster.client(), job, launch.coordinator(), start, true);
        long samples = outcome.count("samples");
        double jobRate = samples / outcome.seconds();
        double startup = (launch.coordinator().firstSampleNanos() - start) / 1e9;
        double steadyRate = samples / Math.max(1e-9, outcome.seconds() - startup);
        Film expected = local.film();
        boolean identical = Arrays.equals(expected.rgb(), dev.treelet.tracer.film.PfmWriter.read(out).rgb())
            && outcome.count("min_spp") == shading.samplesPerPixel()
            && outcome.count("max_spp") == shading.samplesPerPixel();
        line = String.format(Locale.ROOT, "local_samples_per_s=%.0f job_samples_per_s=%.0f ratio=%.2f"
                + " job_steady_samples_per_s=%.0f steady_ratio=%.2f bytes_per_ray=%.1f ray_hops_per_sample=%.3f"
                + " identical=%b", localRate, jobRate, jobRate / localRate, steadyRate, steadyRate / localRate,
            (double) outcome.count("wire_bytes") / Math.max(1, outcome.count("wire_rays")),
            (double) outcome.count("ray_hops") / Math.max(1, samples), identical);
      }
      System.out.println(line);
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
