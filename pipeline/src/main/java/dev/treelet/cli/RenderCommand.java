package dev.treelet.cli;

import dev.treelet.coordinator.LoopSettings;
import dev.treelet.pipeline.EmbeddedCluster;
import dev.treelet.pipeline.JobRun;
import dev.treelet.pipeline.RenderJob;
import dev.treelet.pipeline.RenderLaunch;
import dev.treelet.tracer.cli.Args;
import dev.treelet.tracer.cli.RenderLocalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

/**
 * {@code treelet render SCENE [--local]}: without --local, the render runs as a Flink job on an
 * embedded MiniCluster (a slot per worker) with an embedded coordinator; with --local, in
 * this process without Flink. Both end with the same summary line; the job's adds its worker figures.
 */
public final class RenderCommand {
  static final Set<String> OPTIONS = union(RenderLocalCommand.OPTIONS, Set.of("workers", "checkpoint-interval", "policy",
      "protocol"));

  private RenderCommand() {}

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new HashSet<>(a);
    s.addAll(b);
    return s;
  }

  static void run(Args args) throws Exception {
    if (args.flag("local")) {
      RenderLocalCommand.run(args);
      return;
    }
    if (args.positional().size() != 1) {
      throw new Args.UsageException("render: give one scene file, e.g. ./treelet render scenes/cornell-box.pbrt");
    }
    LoopSettings loop = loopSettings(args);
    Path checkpoints = null;
    try (SceneInput scene = SceneInput.of(args, Path.of(System.getProperty("java.io.tmpdir")))) {
      RenderLaunch.Options o = options(args, scene.out(), loop, EmbeddedCluster.defaultWorkers());
      checkpoints = Files.createTempDirectory("treelet-checkpoints");
      Configuration config = RenderJob.configuration(
          Duration.ofSeconds(args.intValue("checkpoint-interval", 10, 1)), checkpoints.toUri().toString());
      render(scene.prepared(), o, config);
    } finally {
      SceneInput.deleteTree(checkpoints);
    }
  }

  /**
   * The render options every job command takes: --workers (defaultWorkers if not given), --seed, --spp,
   * --worker-memory.
   */
  static RenderLaunch.Options options(Args args, Path out, LoopSettings loop, int defaultWorkers) {
    return RenderLaunch.Options.defaults(out, args.intValue("workers", defaultWorkers, 1))
        .withSeed(args.longValue("seed", 0))
        .withSpp(args.string("spp", null) == null ? 0 : args.intValue("spp", 1, 1)) // 0: the scene's own
        .withWorkerBudget(args.bytes("worker-memory", Long.MAX_VALUE))
        .withLoop(loop);
  }

  /** --policy static|dynamic and --protocol leases|barriers, checked before anything starts. */
  static LoopSettings loopSettings(Args args) throws Args.UsageException {
    LoopSettings d = LoopSettings.defaults();
    try {
      return d.withPolicy(args.string("policy", d.policy())).withProtocol(args.string("protocol", d.protocol()));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
  }

  private static void render(Path prepared, RenderLaunch.Options o, Configuration config) throws Exception {
    try (RenderLaunch launch = RenderLaunch.start(prepared, o);
        EmbeddedCluster cluster = new EmbeddedCluster(o.workers(), config)) {
      System.err.println("Flink Web UI: " + cluster.webUi());
      System.err.println("coordinator: http://" + launch.spec().coordinator()
          + "  (./treelet route --coordinator " + launch.spec().coordinator() + " show)");
      long start = System.nanoTime();
      JobID job = JobRun.submit(cluster.client(), launch.jobGraph(config, null));
      JobRun.Outcome outcome = JobRun.await(cluster.client(), job, launch.coordinator(), start, true);
      System.err.println("wrote " + o.output());
      System.err.printf(Locale.ROOT, "bytes per ray on the wire %.1f, rays sent between workers %d%n",
          (double) outcome.count("wire_bytes") / Math.max(1, outcome.count("wire_rays")), outcome.count("ray_hops"));
      if (outcome.count("dropped_contributions") > 0) {
        System.err.println("warning: " + outcome.count("dropped_contributions") + " sample contributions were NaN or"
            + " infinite and were dropped (their samples still count)");
      }
      System.out.println(launch.summary(outcome));
    }
  }

}
