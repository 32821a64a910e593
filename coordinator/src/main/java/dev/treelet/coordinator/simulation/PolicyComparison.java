package dev.treelet.coordinator.simulation;

import dev.treelet.coordinator.allocation.DynamicPolicy;
import dev.treelet.coordinator.allocation.OraclePlacement;
import dev.treelet.coordinator.allocation.StaticPlacement;
import dev.treelet.coordinator.allocation.StaticPolicy;
import dev.treelet.coordinator.protocol.Allocation;
import java.util.List;

/**
 * The same simulated render under three allocations: {@code static} (the initial placement, kept),
 * {@code dynamic} (the same start, then {@link DynamicPolicy} every period) and {@code oracle} (placed
 * knowing each treelet's work in advance, kept).
 *
 * <p>The modelled cluster: treelets of 4 MiB on average (2-6 MiB); each worker's budget holds three
 * times its share of the scene; a worker traces 1M rays/s, accepts 0.1 s of work ahead, loads
 * treelets at 200 MB/s; the allocation period is 0.25 s; steps of 20 ms. The render is 30 s of the
 * whole cluster's work at full speed (so the makespan's lower bound is 30 s whatever the size), and
 * a traced ray continues with probability 0.6.
 */
public final class PolicyComparison {
  public static final double IDEAL_SECONDS = 30;
  static final long MEAN_TREELET_BYTES = 4L << 20;
  static final double MEMORY_FACTOR = 3;
  static final double RAYS_PER_SECOND = 1e6;
  static final double CONTINUE = 0.6;

  private PolicyComparison() {}

  public record Config(int workers, int treelets, double skew, long seed) {}

  public static List<ClusterSimulation.Result> run(Config c) {
    if (c.workers() < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + c.workers());
    }
    double cameraRays = IDEAL_SECONDS * c.workers() * RAYS_PER_SECOND * (1 - CONTINUE);
    SimulatedScene scene = new SimulatedScene(c.treelets(), c.skew(), c.seed(), MEAN_TREELET_BYTES, cameraRays,
        CONTINUE);
    long budget = (long) Math.ceil(MEMORY_FACTOR * scene.totalBytes() / c.workers());
    budget = Math.max(budget, 2 * maxOf(scene.treeletBytes)); // any worker can hold treelet 0 and one more
    ClusterSimulation sim = new ClusterSimulation(scene,
        new ClusterSimulation.Params(c.workers(), budget, RAYS_PER_SECOND, 0.02, 0.25, 200e6, 0.1));
    long[] bytes = scene.treeletBytes();
    Allocation initial = StaticPlacement.place(bytes, c.workers(), budget, 1);
    Allocation oracle = OraclePlacement.place(bytes, scene.expectedWork(), c.workers(), budget, 1);
    return List.of(
        sim.run(new StaticPolicy(), initial),
        sim.run(new DynamicPolicy(), initial),
        sim.run(new StaticPolicy("oracle"), oracle));
  }

  private static long maxOf(long[] xs) {
    long m = 0;
    for (long x : xs) {
      m = Math.max(m, x);
    }
    return m;
  }
}
