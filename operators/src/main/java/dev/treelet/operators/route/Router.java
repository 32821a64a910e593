package dev.treelet.operators.route;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.operators.wire.RayBag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Route's logic, without Flink: send each bag to a worker that holds its treelet, the least loaded
 * one as far as this router knows (rays it sent each worker, halved every so often so the estimate
 * follows the present; seed 003's GetDestination). Only holders whose lease is still valid count: a
 * router never sends to an expired entry. A bag that cannot go anywhere yet (no allocation, no valid
 * holder for its treelet, or routing paused for a barrier) waits in the pending queue and leaves as
 * soon as an allocation gives it somewhere to go. Nothing is ever dropped.
 *
 * <p>Applying a paused allocation sends a stop marker to every worker, behind every bag sent before
 * (each channel is first in, first out): a worker with every router's marker has all it will get
 * until routing continues.
 *
 * <p>A map whose every lease has run out means the coordinator has gone silent (it renews live
 * entries long before they expire, and a move leaves the new holder's lease running): then the
 * router keeps tracing on that map, its holders as if valid, rather than starve the render. A
 * holder that meanwhile gave a treelet up sends the rays on, so nothing is lost; the next map from a
 * coordinator that is back takes over.
 */
public final class Router {
  private static final long DECAY_EVERY_RAYS = 1 << 16;

  private final WorkerKeys keys;
  private final int self;
  private final long[] load;
  private final ArrayDeque<RayBag> pending = new ArrayDeque<>();
  private Allocation allocation;
  private long sinceDecay;

  public Router(WorkerKeys keys, int self) {
    this.keys = keys;
    this.self = self;
    this.load = new long[keys.workers()];
  }

  public Allocation allocation() {
    return allocation;
  }

  /**
   * Applies a newer allocation (an older or equal epoch is ignored: false): stop markers if it is
   * paused, else the pending bags are offered again.
   */
  public boolean apply(Allocation a, long nowMillis, Consumer<RayBag> send) {
    if (allocation != null && a.epoch() <= allocation.epoch()) {
      return false;
    }
    if (a.workers() != keys.workers()) {
      throw new IllegalArgumentException("allocation epoch " + a.epoch() + " is for " + a.workers()
          + " workers but this job has " + keys.workers());
    }
    allocation = a;
    if (a.paused()) {
      for (int w = 0; w < keys.workers(); w++) {
        send.accept(RayBag.stopMarker(keys.keyOf(w), a.epoch(), self));
      }
    } else {
      retryPending(nowMillis, send);
    }
    return true;
  }

  /** Offers every pending bag again (those that still cannot go stay pending). */
  public void retryPending(long nowMillis, Consumer<RayBag> send) {
    int n = pending.size();
    for (int i = 0; i < n; i++) {
      offer(pending.poll(), nowMillis, send);
    }
  }

  /**
   * Sends bag to a valid holder of its treelet, or keeps it pending. A camera bag goes to a holder of
   * the root that also holds its heading, if there is one, so its rays stay where they are made.
   */
  public void offer(RayBag bag, long nowMillis, Consumer<RayBag> send) {
    int w = -1;
    if (bag.heading() != RayBag.ROOT) {
      w = choose(bag.heading(), bag.entryTreelet(), nowMillis);
    }
    if (w < 0) {
      w = choose(bag.entryTreelet(), -1, nowMillis);
    }
    if (w < 0) {
      pending.add(bag);
      return;
    }
    load[w] += bag.size();
    if ((sinceDecay += bag.size()) >= DECAY_EVERY_RAYS) {
      sinceDecay = 0;
      for (int i = 0; i < load.length; i++) {
        load[i] >>= 1;
      }
    }
    send.accept(bag.routedTo(keys.keyOf(w), allocation.epoch(), self, nowMillis));
  }

  /**
   * The least loaded valid holder of treelet that is also a valid holder of alsoHolding (if that is
   * >= 0), this router's own worker on ties; -1 if there is none (a bag must wait).
   */
  private int choose(int treelet, int alsoHolding, long nowMillis) {
    if (!routable(treelet) || (alsoHolding >= 0 && !routable(alsoHolding))) {
      return -1;
    }
    int best = -1;
    int[] holders = allocation.holders(treelet);
    for (int i = 0; i < holders.length; i++) {
      int w = holders[i];
      if (!valid(treelet, i, nowMillis) || (alsoHolding >= 0 && !validHolder(alsoHolding, w, nowMillis))) {
        continue;
      }
      if (best < 0 || load[w] < load[best] || (load[w] == load[best] && w == self)) {
        best = w;
      }
    }
    return best;
  }

  private boolean routable(int treelet) {
    return allocation != null && !allocation.paused() && treelet >= 0 && treelet < allocation.treeletCount();
  }

  /** Whether the i-th holder of treelet may be sent to: its lease runs, or the coordinator is gone. */
  private boolean valid(int treelet, int i, long nowMillis) {
    return allocation.until(treelet, i) > nowMillis || allocation.lastLease() <= nowMillis;
  }

  private boolean validHolder(int treelet, int worker, long nowMillis) {
    int[] holders = allocation.holders(treelet);
    for (int i = 0; i < holders.length; i++) {
      if (holders[i] == worker) {
        return valid(treelet, i, nowMillis);
      }
    }
    return false;
  }

  /**
   * When pending bags should be offered again even if no map arrives: when the map's last lease runs
   * out (see the class doc); Long.MAX_VALUE (= Allocation.FOREVER) if never.
   */
  public long retryAt() {
    return allocation == null || pending.isEmpty() ? Long.MAX_VALUE : allocation.lastLease();
  }

  public List<RayBag> pending() {
    return new ArrayList<>(pending);
  }

  /** State from a checkpoint; nothing is sent until {@link #retryPending}. A barrier in progress asks again. */
  public void restore(Allocation a, Iterable<RayBag> bags) {
    allocation = a;
    for (RayBag b : bags) {
      pending.add(b);
    }
  }

  public int pendingRays() {
    int n = 0;
    for (RayBag b : pending) {
      n += b.size();
    }
    return n;
  }
}
