package dev.treelet.coordinator.allocation;

import dev.treelet.coordinator.protocol.Allocation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A changeable copy of an allocation that keeps the two invariants every change must respect: no
 * worker holds more treelet bytes than its budget, and no treelet is left without a holder. Policies
 * and hand-made routing changes both go through it, so a refused change names its reason the same
 * way wherever it came from. Every accepted change is recorded with its reason, for the log.
 *
 * <p>People routing by hand can also <em>pin</em> a treelet (no policy may change its holders) and
 * <em>drain</em> a worker (it takes no treelet); the draft refuses changes that break either.
 */
public final class AllocationDraft {
  private final long[] treeletBytes;
  private final long budget;
  private final int workers;
  private final boolean paused;
  private final BitSet[] holders;
  private final BitSet[] held;
  private final long[] used;
  private final List<String> changes = new ArrayList<>();
  private final BitSet pinned = new BitSet();
  private final BitSet drained = new BitSet();

  public AllocationDraft(Allocation from, long[] treeletBytes, long workerBudget) {
    if (from.treeletCount() != treeletBytes.length) {
      throw new IllegalArgumentException("allocation covers " + from.treeletCount() + " treelets, sizes given for "
          + treeletBytes.length);
    }
    this.treeletBytes = treeletBytes;
    this.budget = workerBudget;
    this.workers = from.workers();
    this.paused = from.paused();
    this.holders = new BitSet[treeletBytes.length];
    this.held = new BitSet[workers];
    this.used = new long[workers];
    for (int w = 0; w < workers; w++) {
      held[w] = new BitSet(treeletBytes.length);
    }
    for (int t = 0; t < treeletBytes.length; t++) {
      holders[t] = new BitSet(workers);
      for (int w : from.holders(t)) {
        holders[t].set(w);
        held[w].set(t);
        used[w] += treeletBytes[t];
      }
    }
  }

  public int workers() {
    return workers;
  }

  public int treeletCount() {
    return treeletBytes.length;
  }

  public boolean holds(int worker, int treelet) {
    return holders[treelet].get(worker);
  }

  public int copies(int treelet) {
    return holders[treelet].cardinality();
  }

  public long free(int worker) {
    return budget - used[worker];
  }

  public long bytes(int treelet) {
    return treeletBytes[treelet];
  }

  /** Treelets worker holds now, ascending. */
  public int[] treeletsOf(int worker) {
    return held[worker].stream().toArray();
  }

  /** Workers holding treelet now, ascending. */
  public int[] holdersOf(int treelet) {
    return holders[treelet].stream().toArray();
  }

  /** No change to this treelet's holders from here on (a policy's attempt is refused). */
  public void pin(int treelet) {
    pinned.set(treelet);
  }

  /** This worker takes no treelet from here on. */
  public void drain(int worker) {
    drained.set(worker);
  }

  /** Why worker cannot take treelet even with room made for it, or null if it could. */
  public String whyNotTake(int treelet, int worker) {
    String bad = checkIds(treelet, worker);
    if (bad != null) {
      return bad;
    }
    if (holds(worker, treelet)) {
      return "worker " + worker + " already holds treelet " + treelet;
    }
    if (pinned.get(treelet)) {
      return "treelet " + treelet + " is pinned by hand";
    }
    if (drained.get(worker)) {
      return "worker " + worker + " is being drained";
    }
    return null;
  }

  /** Why worker cannot take treelet now, or null if it can. */
  public String whyNotAdd(int treelet, int worker) {
    String bad = whyNotTake(treelet, worker);
    if (bad != null) {
      return bad;
    }
    if (treeletBytes[treelet] > free(worker)) {
      return "treelet " + treelet + " needs " + treeletBytes[treelet] + " bytes but worker " + worker + " has "
          + free(worker) + " of its " + budget + " free";
    }
    return null;
  }

  /** Why worker cannot give treelet up, or null if it can. */
  public String whyNotDrop(int treelet, int worker) {
    String bad = checkIds(treelet, worker);
    if (bad != null) {
      return bad;
    }
    if (!holds(worker, treelet)) {
      return "worker " + worker + " does not hold treelet " + treelet;
    }
    if (pinned.get(treelet)) {
      return "treelet " + treelet + " is pinned by hand";
    }
    if (copies(treelet) == 1) {
      return "worker " + worker + " holds the only copy of treelet " + treelet
          + "; add another holder first";
    }
    return null;
  }

  public void add(int treelet, int worker, String reason) {
    String why = whyNotAdd(treelet, worker);
    if (why != null) {
      throw new IllegalArgumentException(why);
    }
    holders[treelet].set(worker);
    held[worker].set(treelet);
    used[worker] += treeletBytes[treelet];
    changes.add("add treelet " + treelet + " to worker " + worker + ": " + reason);
  }

  public void drop(int treelet, int worker, String reason) {
    String why = whyNotDrop(treelet, worker);
    if (why != null) {
      throw new IllegalArgumentException(why);
    }
    holders[treelet].clear(worker);
    held[worker].clear(treelet);
    used[worker] -= treeletBytes[treelet];
    changes.add("drop treelet " + treelet + " from worker " + worker + ": " + reason);
  }

  /** The accepted changes, each with its reason, in the order they were made. */
  public List<String> changes() {
    return List.copyOf(changes);
  }

  public Allocation build(long epoch) {
    int[][] h = new int[treeletBytes.length][];
    for (int t = 0; t < h.length; t++) {
      h[t] = holdersOf(t);
    }
    return new Allocation(epoch, paused, workers, h);
  }

  private String checkIds(int treelet, int worker) {
    if (treelet < 0 || treelet >= treeletBytes.length) {
      return "unknown treelet " + treelet + " (the scene has treelets 0.." + (treeletBytes.length - 1) + ")";
    }
    if (worker < 0 || worker >= workers) {
      return "unknown worker " + worker + " (the job has workers 0.." + (workers - 1) + ")";
    }
    return null;
  }
}
