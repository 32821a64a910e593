package dev.treelet.coordinator.simulation;

import java.util.Random;

/**
 * A synthetic scene and ray workload, fixed by a seed: treelet sizes, and where rays go. Every camera
 * ray starts in treelet 0 (the top of the BVH, as in a real render); each traced ray continues with
 * a fixed probability into another treelet drawn from a Zipf distribution of exponent {@code skew}
 * over treelets 1..T-1 in a seeded random order (so how hot a treelet is says nothing about its id
 * or size). Skew 0 spreads rays evenly; skew 1 sends about a tenth of all bounces into one treelet of
 * ten thousand.
 */
public final class SimulatedScene {
  final long[] treeletBytes;
  /** Probability that a continuing ray goes next into each treelet (0 for treelet 0). */
  final double[] destination;
  final double cameraRays;
  final double continueProbability;

  public SimulatedScene(int treelets, double skew, long seed, long meanTreeletBytes, double cameraRays,
      double continueProbability) {
    if (treelets < 2) {
      throw new IllegalArgumentException("a simulated scene needs at least 2 treelets, got " + treelets);
    }
    if (skew < 0) {
      throw new IllegalArgumentException("--skew must be >= 0, got " + skew);
    }
    Random rnd = new Random(seed);
    treeletBytes = new long[treelets];
    for (int t = 0; t < treelets; t++) {
      treeletBytes[t] = (long) (meanTreeletBytes * (0.5 + rnd.nextDouble()));
    }
    int[] order = new int[treelets - 1];
    for (int i = 0; i < order.length; i++) {
      order[i] = i + 1;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int x = order[i];
      order[i] = order[j];
      order[j] = x;
    }
    destination = new double[treelets];
    double sum = 0;
    for (int rank = 0; rank < order.length; rank++) {
      destination[order[rank]] = Math.pow(rank + 1, -skew);
      sum += destination[order[rank]];
    }
    for (int t = 1; t < treelets; t++) {
      destination[t] /= sum;
    }
    this.cameraRays = cameraRays;
    this.continueProbability = continueProbability;
  }

  public int treelets() {
    return treeletBytes.length;
  }

  public long[] treeletBytes() {
    return treeletBytes.clone();
  }

  public long totalBytes() {
    long s = 0;
    for (long b : treeletBytes) {
      s += b;
    }
    return s;
  }

  /** Rays each treelet will trace over the whole render, in expectation (what an oracle knows). */
  public double[] expectedWork() {
    double bounces = cameraRays * continueProbability / (1 - continueProbability);
    double[] work = new double[treeletBytes.length];
    for (int t = 0; t < work.length; t++) {
      work[t] = bounces * destination[t];
    }
    work[0] += cameraRays;
    return work;
  }

  public double totalWork() {
    return cameraRays / (1 - continueProbability);
  }
}
