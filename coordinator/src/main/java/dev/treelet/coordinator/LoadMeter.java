package dev.treelet.coordinator;

import dev.treelet.coordinator.allocation.Load;
import dev.treelet.coordinator.protocol.WorkerReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load a policy decides on, from the workers' cumulative reports: for each worker, the
 * difference between its newest report and the one it had at the previous sample, over the time
 * between the two by the worker's own clock. Differences of cumulative counters count every ray once
 * however reports are lost, repeated or late (seed 001); a worker that restarted (a new attempt)
 * starts a new baseline; a worker that sent nothing new was idle.
 *
 * <ul>
 *   <li>rays per period: rays traced per busy second, all workers together, times the period.
 *   <li>busy[w]: growth of busy time over the span, 0..1.
 *   <li>waiting[t], the work for t, in rays: the ray-milliseconds waited for t over the span (by
 *       Little's law the mean number of rays that queued for t between router and worker), plus the
 *       time spent tracing in t over the span as rays at the average cost, per period. The second
 *       term sees what queues never show: rays that reach t from a treelet on the same worker are
 *       traced at once, and a treelet whose rays are dear (many overlapping triangles) costs more
 *       than its ray count says.
 *   <li>share[w]: the same two terms for what worker w had, all treelets together.
 * </ul>
 */
public final class LoadMeter {
  private final int treelets;
  private final int workers;
  private final long periodMillis;
  private final Map<Integer, WorkerReport> previous = new HashMap<>();
  private long lastSample = Long.MIN_VALUE;

  public LoadMeter(int treelets, int workers, long periodMillis) {
    this.treelets = treelets;
    this.workers = workers;
    this.periodMillis = periodMillis;
  }

  /**
   * The load since the previous sample, or null: less than a period since then, the first call (it
   * only takes the baseline), or no tracing seen.
   */
  public Load sample(long now, List<WorkerReport> newest) {
    if (lastSample != Long.MIN_VALUE && now - lastSample < periodMillis) {
      return null;
    }
    boolean baseline = lastSample == Long.MIN_VALUE;
    lastSample = now;
    double[] waiting = new double[treelets];
    double[] share = new double[workers];
    double[] busy = new double[workers];
    long traced = 0;
    long busyNanos = 0;
    List<WorkerReport[]> spans = new ArrayList<>();
    for (WorkerReport r : newest) {
      WorkerReport p = previous.put(r.worker(), r);
      if (p == null || p.attempt() != r.attempt() || r.millis() <= p.millis() || r.worker() >= workers) {
        continue;
      }
      spans.add(new WorkerReport[] {p, r});
      traced += r.raysTraced() - p.raysTraced();
      busyNanos += r.busyNanos() - p.busyNanos();
    }
    if (baseline || traced <= 0 || busyNanos <= 0) {
      return null;
    }
    double raysPerPeriod = traced / (busyNanos / 1e9) * periodMillis / 1000.0;
    for (WorkerReport[] s : spans) {
      WorkerReport p = s[0];
      WorkerReport r = s[1];
      double span = r.millis() - p.millis();
      busy[r.worker()] = Math.min(1, Math.max(0, (r.busyNanos() - p.busyNanos()) / 1e6 / span));
      long[] waitedBefore = byTreelet(p, p.waitingRayMillis());
      long[] waitedAfter = byTreelet(r, r.waitingRayMillis());
      long[] busyBefore = byTreelet(p, p.busyNanosByTreelet());
      long[] busyAfter = byTreelet(r, r.busyNanosByTreelet());
      for (int t = 0; t < treelets; t++) {
        double queued = Math.max(0, waitedAfter[t] - waitedBefore[t]) / span;
        double tracing = Math.max(0, busyAfter[t] - busyBefore[t]) / 1e6 / span * raysPerPeriod;
        waiting[t] += queued + tracing;
        share[r.worker()] += queued + tracing;
      }
    }
    return new Load(waiting, share, busy, raysPerPeriod);
  }

  /** One of the report's per-treelet counters, indexed by treelet. */
  private long[] byTreelet(WorkerReport r, long[] values) {
    long[] out = new long[treelets];
    for (int i = 0; i < r.treelets().length; i++) {
      int t = r.treelets()[i];
      if (t >= 0 && t < treelets) {
        out[t] = values[i];
      }
    }
    return out;
  }
}
