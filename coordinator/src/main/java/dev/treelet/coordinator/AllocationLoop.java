package dev.treelet.coordinator;

import dev.treelet.coordinator.allocation.AllocationDraft;
import dev.treelet.coordinator.allocation.AllocationPolicy;
import dev.treelet.coordinator.allocation.Load;
import dev.treelet.coordinator.change.ChangeProtocol;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.RouteRequest;
import java.util.BitSet;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The coordinator's reconcile loop. The <em>desired</em> map (what the policy and people routing by
 * hand want) is kept apart from the <em>published</em> one (what the job was last told, held by the
 * {@link Coordinator}); every tick the policy may change the desired map, then the change protocol
 * (leases or barriers) moves the published map one safe step towards it. Hand-made changes are
 * checked against the desired map and refused with the reason if they would break a budget or leave
 * a treelet without a holder; the treelets and workers they touch are then kept from the policy.
 * The time is passed in, so tests drive the loop with a made-up clock.
 */
public final class AllocationLoop {
  private static final Logger LOG = LogManager.getLogger(AllocationLoop.class);

  private final Coordinator coordinator;
  private final AllocationPolicy policy;
  private final ChangeProtocol protocol;
  private final long[] treeletBytes;
  private final long workerBudget;
  private final BitSet pinned = new BitSet();
  private final BitSet drained = new BitSet();
  private Allocation desired;
  private Load lastLoad;

  public AllocationLoop(Coordinator coordinator, AllocationPolicy policy, ChangeProtocol protocol,
      long[] treeletBytes, long workerBudget) {
    this.coordinator = coordinator;
    this.policy = policy;
    this.protocol = protocol;
    this.treeletBytes = treeletBytes.clone();
    this.workerBudget = workerBudget;
    this.desired = coordinator.allocation();
    LOG.info("allocation loop: {}", describe());
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  public synchronized Allocation desired() {
    return desired;
  }

  /** The load the policy last decided on; null before the first. */
  public synchronized Load lastLoad() {
    return lastLoad;
  }

  /** "policy NAME, changes by PROTOCOL". */
  public String describe() {
    return "policy " + policy.name() + ", changes by " + protocol.name();
  }

  /** One round: the policy on the last period's load (null: no load yet), then a protocol step. */
  public synchronized void tick(long now, Load load) {
    if (load != null) {
      lastLoad = load;
      AllocationDraft draft = constrainedDraft();
      policy.decide(draft, load);
      adopt(draft, policy.name());
    }
    coordinator.advance(published -> {
      ChangeProtocol.Step s = protocol.step(now, desired, published, coordinator.acks());
      return s == null ? null : new ChangeProtocol.Step(s.publish(), protocol.name() + ": " + s.reason(), s.routine());
    });
  }

  /** Applies a routing change made by hand to the desired map; the changes made, or why it is refused. */
  public synchronized List<String> route(RouteRequest request) {
    RouteRequest r = request.validated();
    AllocationDraft draft = new AllocationDraft(desired, treeletBytes, workerBudget);
    String why = "by hand (" + r + ")";
    switch (r.op()) {
      case "add" -> draft.add(r.treelet(), r.worker(), why);
      case "remove" -> draft.drop(r.treelet(), r.worker(), why);
      case "pin" -> pin(draft, r.treelet(), r.workers(), why);
      case "drain" -> drain(draft, r.worker(), why);
      default -> { } // release: only the constraints change
    }
    List<String> changes = draft.changes();
    adopt(draft, "route");
    switch (r.op()) {
      case "add", "remove", "pin" -> pinned.set(r.treelet());
      case "drain" -> drained.set(r.worker());
      default -> {
        if (r.treelet() != null) {
          checkTreelet(r.treelet());
          pinned.clear(r.treelet());
        } else {
          checkWorker(r.worker());
          drained.clear(r.worker());
        }
      }
    }
    LOG.info("route {}: {}", r, changes.isEmpty() ? "constraints only" : changes);
    return changes;
  }

  private void pin(AllocationDraft draft, int t, int[] workers, String why) {
    checkTreelet(t);
    BitSet want = new BitSet();
    for (int w : workers) {
      checkWorker(w);
    }
    for (int w : workers) {
      if (!draft.holds(w, t)) {
        draft.add(t, w, why); // adds first, so the treelet always keeps a holder
      }
      want.set(w);
    }
    for (int w : draft.holdersOf(t)) {
      if (!want.get(w)) {
        draft.drop(t, w, why);
      }
    }
  }

  /** Drops every copy w holds; a last copy first moves to the worker with the most room for it. */
  private void drain(AllocationDraft draft, int w, String why) {
    checkWorker(w);
    for (int t : draft.treeletsOf(w)) {
      if (draft.copies(t) == 1) {
        int best = -1;
        for (int v = 0; v < draft.workers(); v++) {
          if (v != w && !drained.get(v) && draft.whyNotAdd(t, v) == null && (best < 0 || draft.free(v) > draft.free(best))) {
            best = v;
          }
        }
        if (best < 0) {
          throw new IllegalArgumentException("cannot drain worker " + w + ": no other worker has room for treelet "
              + t + " (" + draft.bytes(t) + " bytes), its only copy");
        }
        draft.add(t, best, why);
      }
      draft.drop(t, w, why);
    }
  }

  private AllocationDraft constrainedDraft() {
    AllocationDraft draft = new AllocationDraft(desired, treeletBytes, workerBudget);
    pinned.stream().forEach(draft::pin);
    drained.stream().forEach(draft::drain);
    return draft;
  }

  private void adopt(AllocationDraft draft, String by) {
    List<String> changes = draft.changes();
    if (!changes.isEmpty()) {
      desired = draft.build(desired.epoch());
      for (String c : changes) {
        LOG.info("desired ({}): {}", by, c);
      }
    }
  }

  private void checkTreelet(int t) {
    if (t < 0 || t >= treeletBytes.length) {
      throw new IllegalArgumentException("unknown treelet " + t + " (the scene has treelets 0.."
          + (treeletBytes.length - 1) + ")");
    }
  }

  private void checkWorker(int w) {
    if (w < 0 || w >= desired.workers()) {
      throw new IllegalArgumentException("unknown worker " + w + " (the job has workers 0.." + (desired.workers() - 1)
          + ")");
    }
  }
}
