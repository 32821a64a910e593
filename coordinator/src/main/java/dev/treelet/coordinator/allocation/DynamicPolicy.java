package dev.treelet.coordinator.allocation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Workers follow the waiting rays (R2E2's dynamic scheduler, seed 004's idle/busy matching): every
 * period, each underloaded worker takes one more copy of the treelet with the most rays waiting per
 * copy, if that treelet's holders cannot clear its rays within a period on their own.
 *
 * <p>Pressure of a treelet = rays waiting for it / copies of it. A treelet is <em>hot</em> when its
 * pressure exceeds what one worker traces in a period: adding a copy then shortens the render. The
 * worker makes room, if it must, by giving up copies of <em>cold</em> treelets: ones that have other
 * holders and would stay below half a period's work per copy without it (the margin keeps a copy
 * from being dropped one period and wanted back the next). The last copy of a treelet is never
 * dropped, and no budget is ever exceeded ({@link AllocationDraft}). Copies of treelets that cooled
 * down are dropped lazily, only when their room is wanted: a copy that is not needed costs nothing.
 *
 * <p>One addition per worker per period bounds the treelet bytes moved per period, and gives the
 * load a period to show the effect before the next decision.
 */
public final class DynamicPolicy implements AllocationPolicy {
  /** A worker busy less than this fraction of the period takes more work. */
  static final double UNDERLOADED = 0.8;
  /** A copy is dropped only if its treelet's pressure stays below this fraction of a period's work. */
  static final double COLD = 0.5;

  @Override
  public String name() {
    return "dynamic";
  }

  @Override
  public void decide(AllocationDraft draft, Load load) {
    double[] waiting = load.waiting();
    double period = load.raysPerPeriod();
    double[] pressure = new double[draft.treeletCount()];
    PriorityQueue<Integer> hot = new PriorityQueue<>(
        Comparator.comparingDouble((Integer t) -> -pressure[t]).thenComparingInt(t -> t));
    for (int t = 0; t < pressure.length; t++) {
      pressure[t] = waiting[t] / Math.max(1, draft.copies(t));
      if (pressure[t] > period) {
        hot.add(t);
      }
    }
    if (!hot.isEmpty()) {
      for (int w : underloaded(load.busy())) {
        if (hot.isEmpty()) {
          break;
        }
        int t = hottestNotHeldBy(w, hot, draft);
        if (t < 0) {
          continue;
        }
        String why = String.format("%.0f rays wait per copy, a worker traces %.0f per period; worker %d was %.0f%% busy",
            pressure[t], period, w, 100 * load.busy()[w]);
        if (makeRoom(draft, w, t, waiting, period)) {
          draft.add(t, w, why);
          pressure[t] = waiting[t] / draft.copies(t);
        }
        if (pressure[t] > period) {
          hot.add(t);
        }
      }
    }
  }

  /** Workers busy less than {@link #UNDERLOADED}, least busy first. */
  private static List<Integer> underloaded(double[] busy) {
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < busy.length; w++) {
      if (busy[w] < UNDERLOADED) {
        out.add(w);
      }
    }
    out.sort(Comparator.comparingDouble((Integer w) -> busy[w]).thenComparingInt(w -> w));
    return out;
  }

  /** Polls the hottest treelet w could take (others polled on the way are put back), or -1. */
  private static int hottestNotHeldBy(int w, PriorityQueue<Integer> hot, AllocationDraft draft) {
    List<Integer> passed = new ArrayList<>();
    int found = -1;
    while (!hot.isEmpty()) {
      int t = hot.poll();
      if (draft.whyNotTake(t, w) != null) {
        passed.add(t);
      } else {
        found = t;
        break;
      }
    }
    hot.addAll(passed);
    return found;
  }

  /** Frees room for t on w by dropping cold copies, coldest first; false (nothing dropped) if it cannot. */
  private static boolean makeRoom(AllocationDraft draft, int w, int t, double[] waiting, double period) {
    long need = draft.bytes(t) - draft.free(w);
    if (need <= 0) {
      return true;
    }
    List<Integer> cold = new ArrayList<>();
    for (int u : draft.treeletsOf(w)) {
      int copies = draft.copies(u);
      if (u != t && draft.whyNotDrop(u, w) == null && waiting[u] / (copies - 1) < COLD * period) {
        cold.add(u);
      }
    }
    cold.sort(Comparator.comparingDouble((Integer u) -> waiting[u] / draft.copies(u)).thenComparingInt(u -> u));
    long freeable = 0;
    int k = 0;
    while (k < cold.size() && freeable < need) {
      freeable += draft.bytes(cold.get(k++));
    }
    if (freeable < need) {
      return false;
    }
    for (int i = 0; i < k; i++) {
      int u = cold.get(i);
      draft.drop(u, w, String.format("room for treelet %d; %.0f rays wait for treelet %d over %d other copies",
          t, waiting[u], u, draft.copies(u) - 1));
    }
    return true;
  }
}
