package dev.treelet.cli;

import dev.treelet.coordinator.protocol.WorkerReport;
import dev.treelet.pipeline.EmbeddedCluster;
import dev.treelet.pipeline.JobRun;
import dev.treelet.pipeline.RenderJob;
import dev.treelet.pipeline.RenderLaunch;
import dev.treelet.tracer.cli.Args;
import dev.treelet.tracer.cli.RenderLocalCommand;
import dev.treelet.tracer.cli.SceneLoading;
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
 * {@code treelet bench job SCENE [--spp N] [--workers K] [--treelet-bytes B] [--worker-memory BYTES]
 * [--rounds R]}: the same prepared scene rendered by the single-process renderer (one thread per
 * core) and by the Flink job (K workers on the same cores), taking turns R times in one run so the
 * ratio is not skewed by a noisy machine's drift or by which of the two warmed up the JIT. Prints a
 * line per round on stderr, then one line: {@code local_samples_per_s=… job_samples_per_s=… ratio=…
 * job_steady_samples_per_s=… steady_ratio=… bytes_per_ray=… ray_hops_per_sample=… identical=true|false
 * rounds=R}, each rate the best of its rounds. "steady" leaves out the job's start-up (submission
 * until the first finished sample); the cluster is started once, before the first round. A round's
 * line adds {@code trace_busy}: the fraction of the job's time its workers spent tracing (below 1,
 * workers waited for rays: the gap is the loop's, not the kernel's), and {@code jvm_cores} and
 * {@code trace_cores}: the CPU the whole process and the tracing threads used over the job's wall
 * time, in cores. The job can reach the single-process rate only if trace_cores nears the core count;
 * the rest of jvm_cores is Flink's and the JIT's share. {@code local_trace_cores} is the same for the
 * single-process render's threads: a slow single-process round that still had its cores ran slow
 * code (the JIT, memory), not short of CPU.
 */
final class BenchJobCommand {
  static final Set<String> OPTIONS = Set.of("spp", "workers", "treelet-bytes", "worker-memory", "seed", "rounds");
  /**
   * The job's tracing task threads, named after their chain ("trace -> (ray-feedback, merge-samples)
   * (1/2)#0"): trace_cores includes the chained feedback tail and sample merger, which run on them.
   */
  private static final String TRACE_THREADS = RenderJob.TRACE + " ";

  private BenchJobCommand() {}

  /**
   * One job's figures: samples/s over the whole job and without its start-up (submission until the
   * first finished sample), and trace_busy (the workers' tracing time, from their last reports, over
   * the job's time).
   */
  private record JobRound(JobRun.Outcome outcome, double rate, double steadyRate, double startup, double traceBusy,
      CpuShares.Result cpu) {}

  private static JobRound job(EmbeddedCluster cluster, Path dir, RenderLaunch.Options o, Configuration config,
      int workers) throws Exception {
    try (RenderLaunch launch = RenderLaunch.start(dir, o); CpuShares cpu = CpuShares.start(TRACE_THREADS, 100)) {
      long start = System.nanoTime();
      JobID id = JobRun.submit(cluster.client(), launch.jobGraph(config, null));
      JobRun.Outcome outcome = JobRun.await(cluster.client(), id, launch.coordinator(), start, true);
      CpuShares.Result used = cpu.result();
      long samples = outcome.count("samples");
      double startup = (launch.coordinator().firstSampleNanos() - start) / 1e9;
      long busy = 0;
      for (WorkerReport r : launch.coordinator().workerReports()) {
        busy += r.busyNanos();
      }
      return new JobRound(outcome, samples / outcome.seconds(), samples / Math.max(1e-9, outcome.seconds() - startup),
          startup, busy / 1e9 / (workers * outcome.seconds()), used);
    }
  }

  static void run(Args args) throws Exception {
    if (args.positional().size() != 1) {
      throw new Args.UsageException("bench job: give one scene, e.g. ./treelet bench job scenes/cornell-box.pbrt");
    }
    int workers = args.intValue("workers", EmbeddedCluster.defaultWorkers(), 1);
    int rounds = args.intValue("rounds", 2, 1);
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
      Path out = dir.resolve("job.pfm");
      RenderLaunch.Options o = RenderLaunch.Options.defaults(out, workers).withSeed(seed)
          .withSpp(shading.samplesPerPixel()).withWorkerBudget(args.bytes("worker-memory", Long.MAX_VALUE));
      Configuration config = RenderJob.configuration(null, null);
      double local = 0;
      double job = 0;
      double steady = 0;
      boolean identical = true;
      JobRun.Outcome last = null;
      try (EmbeddedCluster cluster = new EmbeddedCluster(workers, config)) {
        for (int round = 1; round <= rounds; round++) {
          System.err.println("round " + round + " of " + rounds + ": single-process render, " + threads
              + " threads ...");
          LocalRenderer.Result l;
          CpuShares.Result localCpu;
          try (CpuShares cpu = CpuShares.start(LocalRenderer.THREAD_NAME, 100)) {
            l = new LocalRenderer(shading, opened.treelets(), LocalRenderer.Options.of(threads),
                LocalRenderer.countersFor(shading)).render();
            localCpu = cpu.result();
          }
          double localRate = l.film().totalSamples() / l.seconds();
          System.err.println("round " + round + " of " + rounds + ": Flink job, " + workers + " workers ...");
          JobRound j = job(cluster, dir, o, config, workers);
          last = j.outcome();
          boolean same = Arrays.equals(l.film().rgb(), dev.treelet.tracer.film.PfmWriter.read(out).rgb())
              && last.count("min_spp") == shading.samplesPerPixel()
              && last.count("max_spp") == shading.samplesPerPixel();
          System.err.printf(Locale.ROOT, "round %d: local_samples_per_s=%.0f job_samples_per_s=%.0f ratio=%.2f"
              + " startup_s=%.2f steady_ratio=%.2f trace_busy=%.2f jvm_cores=%.2f trace_cores=%.2f"
              + " local_trace_cores=%.2f identical=%b%n",
              round, localRate, j.rate(), j.rate() / localRate, j.startup(), j.steadyRate() / localRate, j.traceBusy(),
              j.cpu().processCores(), j.cpu().prefixCores(), localCpu.prefixCores(), same);
          local = Math.max(local, localRate);
          job = Math.max(job, j.rate());
          steady = Math.max(steady, j.steadyRate());
          identical &= same;
        }
      }
      System.out.println(String.format(Locale.ROOT, "local_samples_per_s=%.0f job_samples_per_s=%.0f ratio=%.2f"
              + " job_steady_samples_per_s=%.0f steady_ratio=%.2f bytes_per_ray=%.1f ray_hops_per_sample=%.3f"
              + " identical=%b rounds=%d", local, job, job / local, steady, steady / local,
          (double) last.count("wire_bytes") / Math.max(1, last.count("wire_rays")),
          (double) last.count("ray_hops") / Math.max(1, last.count("samples")), identical, rounds));
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
