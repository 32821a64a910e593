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
 *  yes     | no        | -                             | added, valid until now + lease
 *  yes     | yes       | less than lease - renew left  | renewed to now + lease (all live entries at once)
 *  no      | yes       | expired less than grace ago   | kept, not renewed: routers stop sending at expiry
 *  no      | yes       | expired at least grace ago    | removed: the worker frees the treelet
 * </pre>
 *
 * The grace lets bags sent just before expiry arrive while the worker still holds the treelet;
 * one that arrives later is sent on by the worker, not lost. A moved treelet thus has both holders
 * for a while, and the new one takes rays at once.
 */
public final class LeaseProtocol implements ChangeProtocol {
  private final long leaseMillis;
  private final long renewMillis;
  private final long graceMillis;

  public LeaseProtocol(long leaseMillis, long renewMillis, long graceMillis) {
    if (renewMillis <= 0 || renewMillis >= leaseMillis) {
      throw new IllegalArgumentException("leases must be renewed more often than they last: lease " + leaseMillis
          + " ms, renew every " + renewMillis + " ms");
    }
    this.leaseMillis = leaseMillis;
    this.renewMillis = renewMillis;
    this.graceMillis = graceMillis;
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
    int[][] holders = new int[n][];
    long[][] until = new long[n][];
    for (int t = 0; t < n; t++) {
      List<long[]> entries = new ArrayList<>();
      int[] h = published.holders(t);
      for (int i = 0; i < h.length; i++) {
        long u = published.until(t, i);
        if (desired.holds(h[i], t)) {
          entries.add(new long[] {h[i], renew ? now + leaseMillis : u});
        } else if (u == Allocation.FOREVER) {
          entries.add(new long[] {h[i], now + leaseMillis}); // a map from before leases: retire it gently
          why.add("treelet " + t + " on worker " + h[i] + " retires at " + (now + leaseMillis));
        } else if (now - u < graceMillis) {
          entries.add(new long[] {h[i], u});
        } else {
          why.add("treelet " + t + " leaves worker " + h[i] + " (lease expired)");
        }
      }
      for (int w : desired.holders(t)) {
        if (!published.holds(w, t)) {
          entries.add(new long[] {w, now + leaseMillis});
          why.add("treelet " + t + " on worker " + w + " from now");
        }
      }
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
