package dev.treelet.cli;

import dev.treelet.coordinator.LoopSettings;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.pipeline.EmbeddedCluster;
import dev.treelet.pipeline.JobRun;
import dev.treelet.pipeline.RenderJob;
import dev.treelet.pipeline.RenderLaunch;
import dev.treelet.tracer.cli.Args;
import dev.treelet.tracer.cli.RenderLocalCommand;
import dev.treelet.tracer.cli.SceneLoading;
import dev.treelet.tracer.film.PfmWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

/**
 * {@code treelet bench allocation SCENE [--spp N] [--workers K] [--treelet-bytes B] [--worker-memory BYTES]
 * [--protocol leases|barriers] [--seed S] [--rounds R]}: the same prepared scene rendered as a Flink job
 * on one embedded cluster with the static and the dynamic policy, taking turns for R rounds (default
 * 2) in one run, so neither gains from the machine's drift or the JIT warming up; each policy's
 * fastest render counts. One line per render: {@code policy=NAME round=R seconds=…
 * busiest_worker_share=… ray_hops_per_sample=… copies_changed=…}, then {@code static_over_dynamic=…
 * identical=true|false} (every image the same, with exact sample counts).
 */
final class BenchAllocationCommand {
  static final Set<String> OPTIONS = Set.of("spp", "workers", "treelet-bytes", "worker-memory", "seed", "protocol",
      "rounds");

  private BenchAllocationCommand() {}

  static void run(Args args) throws Exception {
    if (args.positional().size() != 1) {
      throw new Args.UsageException("bench allocation: give one scene, e.g. ./treelet bench allocation scenes/haystack.pbrt"
          + " --treelet-bytes 64k --worker-memory 1200k");
    }
    int workers = args.intValue("workers", 2, 1);
    int rounds = args.intValue("rounds", 2, 1);
    LoopSettings loop = RenderCommand.loopSettings(args);
    Path dir = Files.createTempDirectory("treelet-bench");
    try {
      dev.treelet.tracer.render.PreparedSceneFiles.write(SceneLoading.prepare(
          SceneLoading.parse(Path.of(args.positional().get(0))),
          args.bytes("treelet-bytes", RenderLocalCommand.DEFAULT_TREELET_BYTES),
          Runtime.getRuntime().availableProcessors()), dir.resolve("scene"));
      Configuration config = RenderJob.configuration(null, null);
      double[] seconds = {Double.MAX_VALUE, Double.MAX_VALUE};
      float[] first = null;
      boolean identical = true;
      try (EmbeddedCluster cluster = new EmbeddedCluster(workers, config)) {
        for (int k = 0; k < 2 * rounds; k++) {
          int i = k % 2;
          String policy = LoopSettings.POLICIES.get(i);
          Path out = dir.resolve(policy + ".pfm");
          RenderLaunch.Options o = RenderLaunch.Options.defaults(out, workers).withSeed(args.longValue("seed", 0))
              .withSpp(args.string("spp", null) == null ? 0 : args.intValue("spp", 1, 1))
              .withWorkerBudget(args.bytes("worker-memory", Long.MAX_VALUE)).withLoop(loop.withPolicy(policy));
          System.err.println("policy " + policy + ", round " + (k / 2 + 1) + " of " + rounds + " ...");
          try (RenderLaunch launch = RenderLaunch.start(dir.resolve("scene"), o)) {
            Allocation initial = launch.coordinator().allocation();
            long start = System.nanoTime();
            JobID job = JobRun.submit(cluster.client(), launch.jobGraph(config, null));
            JobRun.Outcome outcome = JobRun.await(cluster.client(), job, launch.coordinator(), start, true);
            seconds[i] = Math.min(seconds[i], outcome.seconds());
            float[] image = PfmWriter.read(out).rgb();
            first = first == null ? image : first;
            identical &= Arrays.equals(first, image) && outcome.count("min_spp") == launch.spec().spp()
                && outcome.count("max_spp") == launch.spec().spp();
            System.out.printf(Locale.ROOT, "policy=%s round=%d seconds=%.2f busiest_worker_share=%.3f"
                    + " ray_hops_per_sample=%.3f copies_changed=%d%n", policy, k / 2 + 1, outcome.seconds(),
                launch.coordinator().busiestShare(),
                (double) outcome.count("ray_hops") / Math.max(1, outcome.count("samples")),
                changed(initial, launch.coordinator().allocation()));
          }
        }
      }
      System.out.printf(Locale.ROOT, "static_over_dynamic=%.2f identical=%b%n", seconds[0] / seconds[1], identical);
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Entries (treelet, worker) in one map and not the other. */
  private static int changed(Allocation a, Allocation b) {
    int n = 0;
    for (int t = 0; t < a.treeletCount(); t++) {
      for (int w = 0; w < a.workers(); w++) {
        n += a.holds(w, t) != b.holds(w, t) ? 1 : 0;
      }
    }
    return n;
  }
}
