package dev.treelet.coordinator.allocation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Workers follow the waiting rays (R2E2's dynamic scheduler, seed 004's idle/busy matching): every
 * period, each underloaded worker takes copies of the treelets with the most rays waiting per copy.
 *
 * <p>Pressure of a treelet = rays waiting for it / copies of it; a worker's share = the work it
 * actually had ({@link Load#share}: copies do not split a treelet's rays evenly, so the pressures
 * of the treelets a worker holds would misjudge it); fair = Σ waiting / workers. A treelet is
 * <em>hot</em> when its pressure exceeds <em>enough</em> = what one worker traces in a period (its
 * holders cannot clear it in time: adding a copy shortens the render) or, if less, fair; or when
 * every one of its holders has more than its fair share by {@link #MARGIN} (several warm treelets
 * packed on one worker). The fair-share tests matter where queues are bounded, as in the Flink job,
 * whose credits cap the rays in flight far below a period's work: there a skew shows as one
 * worker's treelets holding most of what waits. Below 1% of a period's work nothing is hot: moving
 * a treelet would cost more than it saves. Nor is a treelet none of whose holders is busy (at least
 * {@link #UNDERLOADED}): they have time to trace its rays themselves. Without that rule, workers
 * that were all short of work for another reason (a loop starved of rays in flight) took each
 * other's treelets in turn every period, each move a load.
 *
 * <p>Underloaded = busy less than {@link #UNDERLOADED} of the period and short of a fair share by
 * more than {@link #MARGIN}: near balance nothing moves, so copies do not churn between workers.
 * Each such worker, least busy first, takes hot treelets, hottest first, until what it took reaches
 * a period's work or brings it to its fair share: that bounds the treelet bytes moved per period to
 * what can pay for itself, and gives the load a period to show the effect. It makes room, if it
 * must, by giving up copies of <em>cold</em> treelets: ones with other holders that would stay,
 * without the copy, below half of enough per copy and below half of what the new copy takes on (the
 * margins keep a copy from being dropped one period and wanted back the next, and a worker from
 * trading one warm treelet for another). Never dropped for room: a last copy, the top treelet's (0,
 * where every ray starts: without it each ray would cost a hop), and a copy added fewer than {@link
 * #MIN_AGE} periods ago (it has not yet paid for its loading, and dropping it would let two
 * treelets of like heat take turns on a worker with room for one). No budget is ever exceeded
 * ({@link AllocationDraft}). Copies of treelets that cooled down are dropped lazily, only when
 * their room is wanted.
 *
 * <p>Stateful only in that memory of when each copy was added; one instance per loop.
 */
public final class DynamicPolicy implements AllocationPolicy {
  /** A worker busy less than this fraction of the period takes more work. */
  static final double UNDERLOADED = 0.8;
  /** A copy is dropped only if its treelet's pressure stays below this fraction of enough without it. */
  static final double COLD = 0.5;
  /** Below this fraction of a period's work per copy no treelet is hot. */
  static final double FLOOR = 0.01;
  /** How far from a fair share a worker must be to give or take work. */
  static final double MARGIN = 0.2;
  /** Periods a copy this policy added is kept before it may be dropped for room. */
  static final int MIN_AGE = 4;

  /** The period in which this policy added each copy, by (treelet, worker). */
  private final Map<Long, Long> addedIn = new HashMap<>();
  private long period;

  @Override
  public String name() {
    return "dynamic";
  }

  @Override
  public void decide(AllocationDraft draft, Load load) {
    period++;
    Heat heat = new Heat(draft, load);
    PriorityQueue<Integer> hot = new PriorityQueue<>(
        Comparator.comparingDouble((Integer t) -> -heat.pressure[t]).thenComparingInt(t -> t));
    for (int t = 0; t < draft.treeletCount(); t++) {
      if (heat.hot(t)) {
        hot.add(t);
      }
    }
    for (int taker : heat.takers) {
      if (hot.isEmpty()) {
        break;
      }
      double limit = Math.min(load.raysPerPeriod(), heat.fair - heat.share[taker]);
      double taken = 0;
      while (taken < limit && !hot.isEmpty()) {
        int t = hottestNotHeldBy(taker, hot, draft);
        if (t < 0) {
          break;
        }
        String why = String.format("%.0f rays wait per copy (hot above %.0f, fair share %.0f); worker %d was %.0f%%"
            + " busy with %.0f rays of work", heat.pressure[t], heat.enough, heat.fair, taker,
            100 * load.busy()[taker], heat.share[taker]);
        double gain = load.waiting()[t] / (draft.copies(t) + 1);
        boolean took = makeRoom(draft, taker, t, load.waiting(), COLD * Math.min(heat.enough, gain));
        if (took) {
          draft.add(t, taker, why);
          addedIn.put(entry(t, taker, draft), period);
          taken += heat.added(t, taker);
        }
        if (heat.hot(t)) {
          hot.add(t);
        }
        if (!took) {
          break;
        }
      }
    }
  }

  /** Pressures, shares and thresholds of one decision, kept up to date as copies are added. */
  private static final class Heat {
    final AllocationDraft draft;
    final double[] waiting;
    final double[] pressure;
    final double[] share;
    final double[] busy;
    final double fair;
    final double enough;
    final double floor;
    final List<Integer> takers;

    Heat(AllocationDraft draft, Load load) {
      this.draft = draft;
      this.waiting = load.waiting();
      pressure = new double[draft.treeletCount()];
      share = load.share().clone();
      busy = load.busy();
      double total = 0;
      for (int t = 0; t < pressure.length; t++) {
        total += waiting[t];
        pressure[t] = waiting[t] / Math.max(1, draft.copies(t));
      }
      fair = total / draft.workers();
      floor = FLOOR * load.raysPerPeriod();
      enough = Math.max(floor, Math.min(load.raysPerPeriod(), fair));
      takers = underloaded(load.busy(), share, fair);
    }

    boolean hot(int t) {
      if (pressure[t] <= floor || !heldByABusyWorker(t)) {
        return false;
      }
      if (pressure[t] > enough) {
        return true;
      }
      for (int w : draft.holdersOf(t)) {
        if (share[w] <= (1 + MARGIN) * fair) {
          return false;
        }
      }
      return true;
    }

    private boolean heldByABusyWorker(int t) {
      for (int w : draft.holdersOf(t)) {
        if (busy[w] >= UNDERLOADED) {
          return true;
        }
      }
      return false;
    }

    /**
     * Accounts for a copy of t added on w; the pressure w took on. A guess until the next period
     * measures it: the new copy takes an even part of t's rays, from the other holders alike.
     */
    double added(int t, int w) {
      double before = pressure[t];
      pressure[t] = waiting[t] / draft.copies(t);
      for (int h : draft.holdersOf(t)) {
        share[h] += h == w ? pressure[t] : pressure[t] - before;
      }
      return pressure[t];
    }
  }

  /** Workers busy less than {@link #UNDERLOADED} and clearly short of a fair share, least busy first. */
  private static List<Integer> underloaded(double[] busy, double[] share, double fair) {
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < busy.length; w++) {
      if (busy[w] < UNDERLOADED && share[w] < (1 - MARGIN) * fair) {
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

  private static long entry(int t, int w, AllocationDraft draft) {
    return (long) t * draft.workers() + w;
  }

  private boolean young(int t, int w, AllocationDraft draft) {
    Long added = addedIn.get(entry(t, w, draft));
    return added != null && period - added < MIN_AGE;
  }

  /**
   * Frees room for t on w by dropping copies that would leave less than cold per copy, coldest first;
   * false (nothing dropped) if it cannot.
   */
  private boolean makeRoom(AllocationDraft draft, int w, int t, double[] waiting, double cold) {
    long need = draft.bytes(t) - draft.free(w);
    if (need <= 0) {
      return true;
    }
    List<Integer> drops = new ArrayList<>();
    for (int u : draft.treeletsOf(w)) {
      int copies = draft.copies(u);
      if (u != t && u != 0 && !young(u, w, draft) && draft.whyNotDrop(u, w) == null
          && waiting[u] / (copies - 1) < cold) {
        drops.add(u);
      }
    }
    drops.sort(Comparator.comparingDouble((Integer u) -> waiting[u] / draft.copies(u)).thenComparingInt(u -> u));
    long freeable = 0;
    int k = 0;
    while (k < drops.size() && freeable < need) {
      freeable += draft.bytes(drops.get(k++));
    }
    if (freeable < need) {
      return false;
    }
    for (int i = 0; i < k; i++) {
      int u = drops.get(i);
      draft.drop(u, w, String.format("room for treelet %d; %.0f rays wait for treelet %d over %d other copies",
          t, waiting[u], u, draft.copies(u) - 1));
    }
    return true;
  }
}
