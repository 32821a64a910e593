package dev.treelet.coordinator.change;

import dev.treelet.coordinator.protocol.Allocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes the map by leases (seed 000): every published entry (treelet, worker) is valid until a
 * time; routers never send to an expired entry, and rays for a treelet with no valid holder wait in
 * their router's pending queue until an update gives it one. No acknowledgement is needed, so a
 * slow or silent worker never holds a change up.
 *
 * <p>Per entry, each step:
 *
 * <pre>
 *  desired | published | lease                         | published next
 *  yes     | no        | -                             | added, valid until now + lease, once the
 *          |           |                               | worker's published treelets leave it room
 *  yes     | yes       | less than lease - renew left  | renewed to now + lease (all live entries at once)
 *  no      | yes       | still valid                   | revoked: valid until now; routers stop sending to it
 *          |           |                               | as soon as they see the update
 *  no      | yes       | expired less than grace ago   | kept as it is (retiring)
 *  no      | yes       | expired at least grace ago    | removed: the worker frees the treelet
 * </pre>
 *
 * The grace lets bags sent just before a router saw the expiry arrive while the worker still holds
 * the treelet; one that arrives later (a router that saw the revocation late) is sent on by the
 * worker, not lost: revoking early costs at most a hop, and saves waiting out a whole lease before a
 * copy's memory can be reused. A moved treelet thus has both holders for a grace, and the new one
 * takes rays at once. A retiring entry still occupies its worker's memory, so an addition that needs
 * that room waits until the entry is removed: the worker never holds more than its budget.
 */
public final class LeaseProtocol implements ChangeProtocol {
  private final long leaseMillis;
  private final long renewMillis;
  private final long graceMillis;
  private final long[] treeletBytes;
  private final long budget;

  public LeaseProtocol(long leaseMillis, long renewMillis, long graceMillis, long[] treeletBytes, long budget) {
    if (renewMillis <= 0 || renewMillis >= leaseMillis) {
      throw new IllegalArgumentException("leases must be renewed more often than they last: lease " + leaseMillis
          + " ms, renew every " + renewMillis + " ms");
    }
    this.leaseMillis = leaseMillis;
    this.renewMillis = renewMillis;
    this.graceMillis = graceMillis;
    this.treeletBytes = treeletBytes.clone();
    this.budget = budget;
  }

  @Override
  public String name() {
    return "leases";
  }

  @Override
  public Step step(long now, Allocation desired, Allocation published, Acks acks) {
    boolean renew = false;
    List<String> why = new ArrayList<>();
    int n = desired.treeletCount();
    for (int t = 0; t < n && !renew; t++) {
      int[] h = published.holders(t);
      for (int i = 0; i < h.length; i++) {
        long u = published.until(t, i);
        if (desired.holds(h[i], t) && (u == Allocation.FOREVER || u - now < leaseMillis - renewMillis)) {
          renew = true;
          break;
        }
      }
    }
    List<List<long[]>> kept = new ArrayList<>();
    long[] held = new long[published.workers()];
    for (int t = 0; t < n; t++) {
      List<long[]> entries = new ArrayList<>();
      kept.add(entries);
      int[] h = published.holders(t);
      for (int i = 0; i < h.length; i++) {
        long u = published.until(t, i);
        if (desired.holds(h[i], t)) {
          entries.add(new long[] {h[i], renew ? now + leaseMillis : u});
        } else if (u > now) {
          entries.add(new long[] {h[i], now});
          why.add("treelet " + t + " on worker " + h[i] + " revoked, freed in " + graceMillis + " ms");
        } else if (now - u < graceMillis) {
          entries.add(new long[] {h[i], u});
        } else {
          why.add("treelet " + t + " leaves worker " + h[i] + " (lease expired)");
          continue;
        }
        held[h[i]] += treeletBytes[t];
      }
    }
    // Additions after every kept entry is counted: room a retiring copy still takes is not free yet.
    for (int t = 0; t < n; t++) {
      for (int w : desired.holders(t)) {
        if (!published.holds(w, t) && held[w] + treeletBytes[t] <= budget) {
          held[w] += treeletBytes[t];
          kept.get(t).add(new long[] {w, now + leaseMillis});
          why.add("treelet " + t + " on worker " + w + " from now");
        }
      }
    }
    int[][] holders = new int[n][];
    long[][] until = new long[n][];
    for (int t = 0; t < n; t++) {
      List<long[]> entries = kept.get(t);
      holders[t] = new int[entries.size()];
      until[t] = new long[entries.size()];
      for (int i = 0; i < holders[t].length; i++) {
        holders[t][i] = (int) entries.get(i)[0];
        until[t][i] = entries.get(i)[1];
      }
    }
    if (!renew && why.isEmpty()) {
      return null;
    }
    Allocation next = new Allocation(published.epoch() + 1, published.paused(), published.workers(), holders, until);
    if (why.isEmpty()) {
      return new Step(next, "leases renewed until " + (now + leaseMillis), true);
    }
    return new Step(next, String.join("; ", why) + (renew ? "; leases renewed" : ""));
  }
}
