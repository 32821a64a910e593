package dev.treelet.pipeline;

import dev.treelet.coordinator.AllocationJournal;
import dev.treelet.coordinator.AllocationLoop;
import dev.treelet.coordinator.Coordinator;
import dev.treelet.coordinator.LoopSettings;
import dev.treelet.coordinator.allocation.StaticPlacement;
import dev.treelet.coordinator.protocol.RenderPlan;
import dev.treelet.coordinator.server.CoordinatorClient;
import dev.treelet.coordinator.server.CoordinatorServer;
import dev.treelet.operators.RenderSpec;
import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.treelet.TreeletStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The coordinator's side of one render: the prepared scene's treelets placed (the static placement)
 * and the allocation loop over them. The embedded render builds it in process; a standalone
 * coordinator builds it from the plan {@code ./treelet submit} registers.
 */
public final class RenderAllocation {
  private RenderAllocation() {}

  /** A worker budget as asked for, where Long.MAX_VALUE means room for the whole scene. */
  public static long budget(TreeletStore store, long requested) {
    return requested == Long.MAX_VALUE ? store.totalBytes() : requested;
  }

  /** Places scene's treelets over workers within budget and builds the loop the settings name. */
  public static AllocationLoop loop(PreparedSceneFiles.Opened scene, int spp, int workers, long budget,
      LoopSettings settings) {
    return loop(scene, spp, workers, budget, settings, AllocationJournal.NONE);
  }

  /**
   * Likewise, for a coordinator that writes journal: it continues from the map recorded there (if a
   * coordinator before it recorded one), and that map is what its loop starts from as desired.
   */
  public static AllocationLoop loop(PreparedSceneFiles.Opened scene, int spp, int workers, long budget,
      LoopSettings settings, AllocationJournal journal) {
    TreeletStore store = scene.treelets();
    long[] sizes = new long[store.count()];
    for (int t = 0; t < sizes.length; t++) {
      sizes[t] = store.byteSize(t);
    }
    Coordinator coordinator = new Coordinator(StaticPlacement.place(sizes, workers, budget, 1),
        (long) scene.shading().pixelCount() * spp);
    if (journal != AllocationJournal.NONE) {
      coordinator.takeOver(journal);
    }
    return settings.loop(coordinator, sizes, budget);
  }

  /** A render registered with a standalone coordinator: the job's spec and the scene's treelets. */
  public record Registered(RenderSpec spec, TreeletStore treelets) {}

  /**
   * What every submission to a running cluster does first: opens the prepared scene, works out each
   * worker's budget and the job's spec, and registers the render's plan with the coordinator(s) at
   * coordinator (host:port, or several comma-separated).
   */
  public static Registered register(Path prepared, RenderLaunch.Options o, String coordinator)
      throws IOException, InterruptedException {
    PreparedSceneFiles.Opened scene = PreparedSceneFiles.open(prepared, o.seed());
    long budget = budget(scene.treelets(), o.workerBudget());
    RenderSpec spec = RenderLaunch.spec(prepared.toAbsolutePath(), scene.shading(), o, budget, coordinator);
    register(coordinator, new RenderPlan(spec.preparedDir(), o.workers(), budget, spec.spp(), o.seed(),
        o.loop().policy(), o.loop().protocol()));
    return new Registered(spec, scene.treelets());
  }

  /** Registers plan with the standalone coordinator at address (host:port); says what to do if none answers. */
  public static void register(String address, RenderPlan plan) throws IOException, InterruptedException {
    try {
      new CoordinatorClient(address).post("/render", plan);
    } catch (java.net.ConnectException e) {
      throw new IOException("no coordinator answers at " + address + "; start one with ./treelet cluster up (or"
          + " ./treelet coordinator --port PORT)", e);
    }
  }

  /** A registered plan's render, its loop running: what a standalone coordinator serves. */
  public static CoordinatorServer.Render open(RenderPlan plan) {
    return open(plan, AllocationJournal.NONE);
  }

  /** Likewise, recording every map in journal first (high availability). */
  public static CoordinatorServer.Render open(RenderPlan plan, AllocationJournal journal) {
    PreparedSceneFiles.Opened scene;
    try {
      scene = PreparedSceneFiles.open(Path.of(plan.prepared()), plan.seed());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the prepared scene " + plan.prepared() + " (" + e.getMessage()
          + "); the coordinator must read the same treelet store as the task managers", e);
    }
    int spp = plan.spp() > 0 ? plan.spp() : scene.shading().samplesPerPixel();
    long budget = budget(scene.treelets(), plan.workerBudget() == 0 ? Long.MAX_VALUE : plan.workerBudget());
    LoopSettings settings = LoopSettings.defaults().withPolicy(plan.policy()).withProtocol(plan.protocol());
    AllocationLoop loop = loop(scene, spp, plan.workers(), budget, settings, journal);
    return new CoordinatorServer.Render(loop, settings.start(loop));
  }
}
