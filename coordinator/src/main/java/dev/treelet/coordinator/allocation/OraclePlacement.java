package dev.treelet.coordinator.allocation;

import dev.treelet.coordinator.protocol.Allocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The placement a scheduler would choose if it knew in advance how many rays each treelet will
 * trace: copies in proportion to each treelet's share of the work, spread so that every worker
 * expects the same work (longest-processing-time packing on work per copy), within the budgets; then
 * the memory left over goes on further copies, the most work per copy first, so that routing has
 * the most choice. No real run can know this; the simulation uses it as the yardstick for the
 * dynamic policy.
 */
public final class OraclePlacement {
  private OraclePlacement() {}

  public static Allocation place(long[] treeletBytes, double[] work, int workers, long budget, long epoch) {
    int n = treeletBytes.length;
    double total = 0;
    for (double x : work) {
      total += x;
    }
    int[] copies = new int[n];
    for (int t = 0; t < n; t++) {
      copies[t] = (int) Math.max(1, Math.min(workers, Math.round(workers * work[t] / Math.max(total, 1e-300))));
    }
    // First copies of every treelet, then the extra ones, each pass heaviest work per copy first.
    List<int[]> order = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      order.add(new int[] {t, 1});
    }
    Comparator<int[]> heaviest = Comparator.comparingDouble((int[] c) -> -work[c[0]] / copies[c[0]])
        .thenComparingInt(c -> c[0]);
    order.sort(heaviest);
    List<int[]> extra = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      for (int k = 2; k <= copies[t]; k++) {
        extra.add(new int[] {t, k});
      }
    }
    extra.sort(heaviest);
    order.addAll(extra);

    Allocation empty = new Allocation(epoch, false, workers, new int[n][0]);
    AllocationDraft draft = new AllocationDraft(empty, treeletBytes, budget);
    double[] expected = new double[workers];
    PriorityQueue<Integer> lightest = new PriorityQueue<>(
        Comparator.comparingDouble((Integer w) -> expected[w]).thenComparingInt(w -> w));
    for (int w = 0; w < workers; w++) {
      lightest.add(w);
    }
    for (int[] c : order) {
      int t = c[0];
      int chosen = lightestWithRoom(t, draft, lightest);
      if (chosen >= 0) {
        draft.add(t, chosen, "oracle");
        expected[chosen] += work[t] / copies[t];
        lightest.add(chosen);
      } else if (c[1] == 1) {
        throw new PlacementException("oracle: no worker has room for treelet " + t + " (" + treeletBytes[t]
            + " bytes) within " + budget + " bytes");
      }
    }
    PriorityQueue<Integer> spare = new PriorityQueue<>(
        Comparator.comparingDouble((Integer t) -> -work[t] / draft.copies(t)).thenComparingInt(t -> t));
    for (int t = 0; t < n; t++) {
      spare.add(t);
    }
    while (!spare.isEmpty()) {
      int t = spare.poll();
      int w = lightestWithRoom(t, draft, lightest);
      if (w >= 0) {
        draft.add(t, w, "oracle, spare memory");
        expected[w] += work[t] / draft.copies(t);
        lightest.add(w);
        spare.add(t);
      }
    }
    return draft.build(epoch);
  }

  /** Polls the least-loaded worker that can take t (-1 if none); the workers passed over stay queued. */
  private static int lightestWithRoom(int t, AllocationDraft draft, PriorityQueue<Integer> lightest) {
    List<Integer> skipped = new ArrayList<>();
    int chosen = -1;
    while (!lightest.isEmpty()) {
      int w = lightest.poll();
      if (draft.whyNotAdd(t, w) == null) {
        chosen = w;
        break;
      }
      skipped.add(w);
    }
    lightest.addAll(skipped);
    return chosen;
  }
}
