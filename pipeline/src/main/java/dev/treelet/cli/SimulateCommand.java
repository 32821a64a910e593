package dev.treelet.cli;

import dev.treelet.coordinator.simulation.ClusterSimulation;
import dev.treelet.coordinator.simulation.PolicyComparison;
import dev.treelet.tracer.cli.Args;
import java.util.Locale;
import java.util.Set;

/**
 * {@code treelet simulate [--workers N] [--treelets T] [--skew S] [--seed X]}: the allocation loop on
 * a modelled cluster (see PolicyComparison), one line per policy:
 * {@code policy=NAME makespan_s=… mean_utilisation=… rays_moved=…}.
 */
final class SimulateCommand {
  static final Set<String> OPTIONS = Set.of("workers", "treelets", "skew", "seed");

  private SimulateCommand() {}

  static void run(Args args) {
    if (!args.positional().isEmpty()) {
      throw new Args.UsageException("simulate takes no scene: ./treelet simulate [--workers N] [--treelets T]"
          + " [--skew S] [--seed X]");
    }
    String skew = args.string("skew", "1.0");
    double s;
    try {
      s = Double.parseDouble(skew);
    } catch (NumberFormatException e) {
      throw new Args.UsageException("--skew wants a number >= 0 (the Zipf exponent), got \"" + skew + "\"");
    }
    PolicyComparison.Config c = new PolicyComparison.Config(args.intValue("workers", 1000, 1),
        args.intValue("treelets", 10_000, 2), s, args.longValue("seed", 1));
    System.err.printf(Locale.ROOT, "simulating %d workers, %d treelets, skew %s, seed %d (static, dynamic, oracle)%n",
        c.workers(), c.treelets(), skew, c.seed());
    for (ClusterSimulation.Result r : PolicyComparison.run(c)) {
      System.out.printf(Locale.ROOT, "policy=%s makespan_s=%.2f mean_utilisation=%.3f rays_moved=%.0f%n",
          r.policy(), r.makespanSeconds(), r.meanUtilisation(), r.raysMoved());
    }
  }
}
