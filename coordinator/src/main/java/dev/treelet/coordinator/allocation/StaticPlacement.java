package dev.treelet.coordinator.allocation;

import dev.treelet.coordinator.protocol.Allocation;

/**
 * The initial allocation: every treelet on at least one worker, no worker over its budget, and
 * spare memory spent on replicas.
 *
 * <ol>
 *   <li>Treelet 0 (the top of the BVH, where every camera, bounce and shadow ray starts) goes on
 *       every worker that can hold it, so a ray's first treelet never costs a hop.
 *   <li>The other treelets, largest first, each go to the worker with the most free budget
 *       (longest-processing-time packing: it keeps workers evenly full, so later treelets fit).
 *   <li>Replicas: round after round, each treelet in id order gets one more copy on the freest worker
 *       that lacks it, while one fits. With memory to spare every worker ends up holding everything
 *       and rays never hop; with little, treelets keep single copies.
 * </ol>
 */
public final class StaticPlacement {
  private StaticPlacement() {}

  public static Allocation place(long[] treeletBytes, int workers, long budgetBytes, long epoch) {
    int n = treeletBytes.length;
    long[] free = new long[workers];
    java.util.Arrays.fill(free, budgetBytes);
    boolean[][] holds = new boolean[n][workers];
    int[] copies = new int[n];
    if (n > 0 && treeletBytes[0] <= budgetBytes) {
      for (int w = 0; w < workers; w++) {
        add(0, w, treeletBytes, free, holds, copies);
      }
    }
    Integer[] bySize = new Integer[n];
    for (int t = 0; t < n; t++) {
      bySize[t] = t;
    }
    java.util.Arrays.sort(bySize, (a, b) -> Long.compare(treeletBytes[b], treeletBytes[a]));
    for (int t : bySize) {
      if (copies[t] > 0) {
        continue;
      }
      int w = freest(t, free, holds);
      if (w < 0 || free[w] < treeletBytes[t]) {
        long total = 0;
        for (long b : treeletBytes) {
          total += b;
        }
        throw new PlacementException("cannot place treelet " + t + " (" + treeletBytes[t] + " bytes): the scene's "
            + n + " treelets need " + total + " bytes and " + workers + " workers x " + budgetBytes
            + " bytes each leave too little room; raise --worker-memory or --workers, or lower --treelet-bytes");
      }
      add(t, w, treeletBytes, free, holds, copies);
    }
    boolean placed = true;
    while (placed) {
      placed = false;
      for (int t = 0; t < n; t++) {
        int w = freest(t, free, holds);
        if (w >= 0 && free[w] >= treeletBytes[t]) {
          add(t, w, treeletBytes, free, holds, copies);
          placed = true;
        }
      }
    }
    int[][] holders = new int[n][];
    for (int t = 0; t < n; t++) {
      holders[t] = new int[copies[t]];
      int k = 0;
      for (int w = 0; w < workers; w++) {
        if (holds[t][w]) {
          holders[t][k++] = w;
        }
      }
    }
    return new Allocation(epoch, false, workers, holders);
  }

  private static void add(int t, int w, long[] bytes, long[] free, boolean[][] holds, int[] copies) {
    holds[t][w] = true;
    free[w] -= bytes[t];
    copies[t]++;
  }

  /** The worker with the most free budget that does not hold t yet (lowest id on ties), or -1. */
  private static int freest(int t, long[] free, boolean[][] holds) {
    int best = -1;
    for (int w = 0; w < free.length; w++) {
      if (!holds[t][w] && (best < 0 || free[w] > free[best])) {
        best = w;
      }
    }
    return best;
  }
}
