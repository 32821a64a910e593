package dev.treelet.pipeline;

import dev.treelet.coordinator.AllocationLoop;
import dev.treelet.coordinator.Coordinator;
import dev.treelet.coordinator.LoopSettings;
import dev.treelet.coordinator.LoopTicker;
import dev.treelet.coordinator.server.CoordinatorServer;
import dev.treelet.operators.RenderSpec;
import dev.treelet.operators.wire.TilePlan;
import dev.treelet.tracer.cli.RenderLocalCommand;
import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.treelet.TreeletStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One render about to run on Flink: the prepared scene, the coordinator with its static allocation
 * and its HTTP endpoint (loopback), and the job graph. Used by the embedded render, by tests (which
 * bring their own MiniCluster), and by submission to a real cluster.
 */
public final class RenderLaunch implements AutoCloseable {
  /** What the user chose; spp 0 means the scene's own. */
  public record Options(long seed, int spp, int workers, long workerBudget, Path output, int tileSize, int bagRays,
      long maxInFlight, long reportMillis, long snapshotMillis, LoopSettings loop) {
    public static Options defaults(Path output, int workers) {
      return new Options(0, 0, workers, Long.MAX_VALUE, output, 16, 1024, 1 << 16, 250, 2000, LoopSettings.defaults());
    }

    public Options withLoop(LoopSettings l) {
      return new Options(seed, spp, workers, workerBudget, output, tileSize, bagRays, maxInFlight, reportMillis,
          snapshotMillis, l);
    }

    public Options withSpp(int n) {
      return new Options(seed, n, workers, workerBudget, output, tileSize, bagRays, maxInFlight, reportMillis,
          snapshotMillis, loop);
    }

    public Options withSeed(long s) {
      return new Options(s, spp, workers, workerBudget, output, tileSize, bagRays, maxInFlight, reportMillis,
          snapshotMillis, loop);
    }

    public Options withWorkerBudget(long bytes) {
      return new Options(seed, spp, workers, bytes, output, tileSize, bagRays, maxInFlight, reportMillis,
          snapshotMillis, loop);
    }

    public Options withMaxInFlight(long paths) {
      return new Options(seed, spp, workers, workerBudget, output, tileSize, bagRays, paths, reportMillis,
          snapshotMillis, loop);
    }
  }

  private final RenderSpec spec;
  private final TreeletStore treelets;
  private final Coordinator coordinator;
  private final CoordinatorServer server;
  private final LoopTicker ticker;

  private RenderLaunch(RenderSpec spec, TreeletStore treelets, Coordinator coordinator, CoordinatorServer server,
      LoopTicker ticker) {
    this.spec = spec;
    this.treelets = treelets;
    this.coordinator = coordinator;
    this.server = server;
    this.ticker = ticker;
  }

  /** Opens a prepared scene, places its treelets and starts the coordinator on a free loopback port. */
  public static RenderLaunch start(Path preparedDir, Options o) throws Exception {
    PreparedSceneFiles.Opened scene = PreparedSceneFiles.open(preparedDir, o.seed());
    SceneShading shading = scene.shading();
    int spp = o.spp() > 0 ? o.spp() : shading.samplesPerPixel();
    long budget = RenderAllocation.budget(scene.treelets(), o.workerBudget());
    AllocationLoop loop = RenderAllocation.loop(scene, spp, o.workers(), budget, o.loop());
    CoordinatorServer server = CoordinatorServer.start(loop, "127.0.0.1", 0);
    return new RenderLaunch(spec(preparedDir, shading, o, budget, server.address()), scene.treelets(),
        loop.coordinator(), server, o.loop().start(loop));
  }

  /** The job's view of a render: what every operator is told. */
  public static RenderSpec spec(Path preparedDir, SceneShading shading, Options o, long budget, String coordinator) {
    int spp = o.spp() > 0 ? o.spp() : shading.samplesPerPixel();
    return new RenderSpec(UUID.randomUUID().toString(), preparedDir.toAbsolutePath().toString(), o.seed(), spp,
        new TilePlan(shading.width(), shading.height(), o.tileSize()), o.workers(), budget, o.bagRays(),
        o.maxInFlight(), coordinator, o.output().toAbsolutePath().toString(), o.snapshotMillis(), o.reportMillis());
  }

  public RenderSpec spec() {
    return spec;
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  /** The job graph; restoreFrom (a checkpoint or savepoint path) or null for a fresh start. */
  public JobGraph jobGraph(Configuration config, String restoreFrom) {
    JobGraph graph = graphOf(config, spec);
    if (restoreFrom != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom, false));
    }
    return graph;
  }

  /** The job graph of a render (each submission under a new render id). */
  public static JobGraph graphOf(Configuration config, RenderSpec spec) {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(config);
    RenderJob.build(env, spec.withRenderId(UUID.randomUUID().toString()));
    return env.getStreamGraph().getJobGraph();
  }

  /** The summary line, counted from the aggregator's tiles (via the sink's accumulators). */
  public String summary(JobRun.Outcome o) {
    return summary(o, spec, treelets);
  }

  /** The summary line of a render of spec over treelets. */
  public static String summary(JobRun.Outcome o, RenderSpec spec, TreeletStore treelets) {
    long samples = o.count("samples");
    long rays = o.count("camera_rays") + o.count("spawned_rays");
    String base = RenderLocalCommand.summary(o.count("pixels"), samples, o.count("min_spp"), o.count("max_spp"),
        o.seconds(), rays, treelets.count(), treelets.totalBytes());
    return base + String.format(Locale.ROOT, " workers=%d worker_budget_bytes=%d max_worker_resident_bytes=%d"
            + " ray_hops_per_sample=%.3f", spec.workers(), spec.workerBudget(), o.count("max_worker_resident_bytes"),
        (double) o.count("ray_hops") / Math.max(1, samples));
  }

  @Override
  public void close() {
    ticker.close();
    server.close();
  }
}
