package dev.treelet.operators.trace;

import java.util.Arrays;

/**
 * A worker's record of the routers' stop markers. Every router sends each worker a marker when it
 * applies a paused allocation, behind everything it sent before on the same first-in-first-out
 * channel; so once this worker has a marker for epoch e or later from every router, nothing sent
 * before those stops is still on its way here. That epoch is the worker's barrier ack ("drained").
 *
 * <p>Not checkpointed: after a restore it starts again from nothing, which only delays an ack, and
 * a barrier that waits too long publishes its stop again, which every router marks afresh.
 */
final class StopMarkers {
  private final long[] epochByRouter;
  private long drained = -1;

  StopMarkers(int routers) {
    epochByRouter = new long[routers];
    Arrays.fill(epochByRouter, -1);
  }

  /** Records router's marker for epoch; true if the drained epoch rose. */
  boolean receive(int router, long epoch) {
    if (router < 0 || router >= epochByRouter.length) {
      throw new IllegalArgumentException("stop marker from router " + router + " but the job has routers 0.."
          + (epochByRouter.length - 1));
    }
    epochByRouter[router] = Math.max(epochByRouter[router], epoch);
    long min = Long.MAX_VALUE;
    for (long e : epochByRouter) {
      min = Math.min(min, e);
    }
    boolean rose = min > drained;
    drained = Math.max(drained, min);
    return rose;
  }

  /** The newest epoch whose stop every router has marked here; -1 if none. */
  long drained() {
    return drained;
  }
}
