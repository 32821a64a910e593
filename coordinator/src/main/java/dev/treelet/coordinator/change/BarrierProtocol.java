package dev.treelet.coordinator.change;

import dev.treelet.coordinator.protocol.Allocation;

/**
 * Changes the map by barriers (seed 000): stop sending, every worker acknowledges, apply, continue.
 * One change at a time; the states and their transitions:
 *
 * <pre>
 *  state              | event                                  | publish (next epoch)     | next state
 *  Steady             | desired holders differ from published  | published map, paused    | Stopping(e)
 *  Stopping(e)        | every worker drained e                 | desired map, paused      | Applying(e')
 *  Stopping(e)        | deadline passed (an ack lost or late)  | the same, again          | Stopping(e')
 *  Applying(e)        | every worker applied e                 | the same map, running    | Steady
 *  Applying(e)        | deadline passed                        | the same, again          | Applying(e')
 * </pre>
 *
 * "Drained e": the worker has had every router's stop marker for epoch e or later, so nothing sent
 * under the old map is still on its way to it; only then may a worker drop a treelet without a ray
 * arriving for it afterwards. "Applied e": it has loaded and dropped what map e says, so when routing
 * continues every bag finds its treelet loaded. Acks count only at or above the epoch being waited
 * for, so a late ack for an older epoch changes nothing; a lost one is made good by publishing again
 * under a new epoch, which every worker acknowledges afresh. The desired map may change while a
 * change is under way; the newest desired map is what Stopping applies.
 */
public final class BarrierProtocol implements ChangeProtocol {
  private final long timeoutMillis;
  private State state = new Steady();

  public BarrierProtocol(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public String name() {
    return "barriers";
  }

  /** The state, for logs and tests. */
  public String state() {
    return state.toString();
  }

  @Override
  public Step step(long now, Allocation desired, Allocation published, Acks acks) {
    return state.step(now, desired, published, acks);
  }

  /** Publishes the same map under a new epoch, which every worker acknowledges afresh. */
  private Step askAgain(Allocation published, long now, boolean stopping, String what) {
    Allocation again = published.withEpoch(published.epoch() + 1);
    state = stopping ? new Stopping(again.epoch(), now + timeoutMillis) : new Applying(again.epoch(), now + timeoutMillis);
    return new Step(again, "barrier: not every worker " + what + " within " + timeoutMillis + " ms; asking again");
  }

  private interface State {
    Step step(long now, Allocation desired, Allocation published, Acks acks);
  }

  private final class Steady implements State {
    @Override
    public Step step(long now, Allocation desired, Allocation published, Acks acks) {
      if (published.sameHolders(desired)) {
        return null;
      }
      Allocation stop = published.withoutLeases().withPaused(published.epoch() + 1, true);
      state = new Stopping(stop.epoch(), now + timeoutMillis);
      return new Step(stop, "barrier: stop sending before a change of holders");
    }

    @Override
    public String toString() {
      return "Steady";
    }
  }

  private final class Stopping implements State {
    private final long epoch;
    private final long deadline;

    Stopping(long epoch, long deadline) {
      this.epoch = epoch;
      this.deadline = deadline;
    }

    @Override
    public Step step(long now, Allocation desired, Allocation published, Acks acks) {
      if (acks.allDrained(epoch)) {
        Allocation apply = new Allocation(published.epoch() + 1, true, desired.workers(), desired.holdersCopy());
        state = new Applying(apply.epoch(), now + timeoutMillis);
        return new Step(apply, "barrier: every worker stopped; apply the change");
      }
      return now > deadline ? askAgain(published, now, true, "acknowledged the stop") : null;
    }

    @Override
    public String toString() {
      return "Stopping(" + epoch + ")";
    }
  }

  private final class Applying implements State {
    private final long epoch;
    private final long deadline;

    Applying(long epoch, long deadline) {
      this.epoch = epoch;
      this.deadline = deadline;
    }

    @Override
    public Step step(long now, Allocation desired, Allocation published, Acks acks) {
      if (acks.allApplied(epoch)) {
        state = new Steady();
        return new Step(published.withPaused(published.epoch() + 1, false), "barrier: change applied everywhere; continue");
      }
      return now > deadline ? askAgain(published, now, false, "applied the change") : null;
    }

    @Override
    public String toString() {
      return "Applying(" + epoch + ")";
    }
  }
}
