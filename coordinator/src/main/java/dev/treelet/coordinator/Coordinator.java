package dev.treelet.coordinator;

import dev.treelet.coordinator.change.ChangeProtocol;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.ProgressReport;
import dev.treelet.coordinator.protocol.WorkerReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The coordinator's state: the allocation it last published (the job's routers and workers apply it
 * from the control stream) and the newest report from every worker and aggregator. Thread-safe:
 * HTTP handlers, the long-polling control stream and the CLI's progress display all read it.
 *
 * <p>Reports are cumulative and carry (attempt, sequence); only a newer one replaces what is held,
 * so a stale, repeated or reordered report changes nothing (seed 001).
 */
public final class Coordinator {
  private static final Logger LOG = LogManager.getLogger(Coordinator.class);

  private final long totalSamples;
  private final Map<Integer, WorkerReport> workers = new TreeMap<>();
  private final Map<Integer, ProgressReport> aggregators = new TreeMap<>();
  private Allocation published;
  private AllocationJournal journal = AllocationJournal.NONE;
  private long staleReports;
  private long firstSampleNanos;

  public Coordinator(Allocation initial, long totalSamples) {
    this.published = initial;
    this.totalSamples = totalSamples;
    LOG.info("initial allocation, epoch {}: {} treelets over {} workers", initial.epoch(), initial.treeletCount(),
        initial.workers());
  }

  public synchronized Allocation allocation() {
    return published;
  }

  /** Blocks until an allocation newer than afterEpoch is published; null if none within timeoutMillis. */
  public synchronized Allocation awaitNewer(long afterEpoch, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (published.epoch() <= afterEpoch) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return null;
      }
      wait(left);
    }
    return published;
  }

  /** Publishes a changed allocation under the next epoch; reason goes to the log. */
  public synchronized Allocation publish(Allocation next, String reason) {
    return publish(next, reason, false);
  }

  private Allocation publish(Allocation next, String reason, boolean routine) {
    if (next.epoch() <= published.epoch()) {
      next = next.withEpoch(published.epoch() + 1);
    }
    journal.record(next); // first: a fenced coordinator publishes nothing
    published = next;
    if (routine) {
      LOG.debug("epoch {}: {}", next.epoch(), reason); // lease renewals: every few seconds, not news
    } else {
      LOG.info("epoch {}: {}", next.epoch(), reason);
    }
    notifyAll();
    return next;
  }

  /**
   * Publishes what step makes of the allocation published now (nothing if it returns null), under
   * one lock: a pause or a hand-made change cannot slip in between reading and publishing.
   */
  public synchronized Allocation advance(java.util.function.Function<Allocation, ChangeProtocol.Step> step) {
    ChangeProtocol.Step s = step.apply(published);
    if (s == null) {
      return null;
    }
    return publish(s.publish(), s.reason(), s.routine());
  }

  /**
   * Becomes the coordinator that writes journal: continues from the allocation last recorded there
   * (by a coordinator that has since gone), under an epoch above any seen, so every router takes it.
   */
  public synchronized Allocation takeOver(AllocationJournal j) {
    journal = j;
    Allocation from = j.last().orElse(published);
    Allocation next = from.withEpoch(Math.max(from.epoch(), published.epoch()) + 1);
    return publish(next, "taking over as leader from epoch " + from.epoch(), false);
  }

  /** Stop-sending: routers hold every ray until {@link #resume}. */
  public synchronized Allocation pause(String reason) {
    return publish(published.withPaused(published.epoch() + 1, true), "pause (" + reason + ")");
  }

  public synchronized Allocation resume(String reason) {
    return publish(published.withPaused(published.epoch() + 1, false), "continue (" + reason + ")");
  }

  /** Records a worker's report; false (and counted) if it is not newer than the one held. */
  public synchronized boolean report(WorkerReport r) {
    if (r.worker() < 0 || r.worker() >= published.workers()) {
      throw new IllegalArgumentException("report from unknown worker " + r.worker() + " (the job has workers 0.."
          + (published.workers() - 1) + ")");
    }
    if (!r.wellFormed()) {
      throw new IllegalArgumentException("report from worker " + r.worker()
          + ": treelets, raysByTreelet, busyNanosByTreelet and waitingRayMillis must be arrays of the same length");
    }
    if (!r.newerThan(workers.get(r.worker()))) {
      staleReports++;
      return false;
    }
    workers.put(r.worker(), r);
    return true;
  }

  public synchronized boolean report(ProgressReport r) {
    if (!r.newerThan(aggregators.get(r.aggregator()))) {
      staleReports++;
      return false;
    }
    aggregators.put(r.aggregator(), r);
    if (firstSampleNanos == 0 && r.samplesDone() > 0) {
      firstSampleNanos = System.nanoTime();
    }
    return true;
  }

  /** System.nanoTime() when the first finished sample was reported (0: none yet), for start-up figures. */
  public synchronized long firstSampleNanos() {
    return firstSampleNanos;
  }

  public synchronized long staleReports() {
    return staleReports;
  }

  public long totalSamples() {
    return totalSamples;
  }

  /** Camera samples finished, summed over the aggregators' newest reports. */
  public synchronized long samplesDone() {
    long n = 0;
    for (ProgressReport p : aggregators.values()) {
      n += p.samplesDone();
    }
    return n;
  }

  /** Rays traced, summed over the workers' newest reports. */
  public synchronized long raysTraced() {
    long n = 0;
    for (WorkerReport w : workers.values()) {
      n += w.raysTraced();
    }
    return n;
  }

  /**
   * The largest share of the rays traced that one worker traced, from the newest reports (1 / workers
   * is perfectly even): how well the allocation spread the work.
   */
  public synchronized double busiestShare() {
    long most = 0;
    long all = 0;
    for (WorkerReport w : workers.values()) {
      most = Math.max(most, w.raysTraced());
      all += w.raysTraced();
    }
    return (double) most / Math.max(1, all);
  }

  /** What every worker last acknowledged (its newest report), for the change protocols. */
  public synchronized ChangeProtocol.Acks acks() {
    ChangeProtocol.Acks acks = ChangeProtocol.Acks.none(published.workers());
    for (WorkerReport r : workers.values()) {
      if (r.worker() >= 0 && r.worker() < published.workers()) {
        acks.applied()[r.worker()] = r.epoch();
        acks.drained()[r.worker()] = r.drainedEpoch();
      }
    }
    return acks;
  }

  /** Rays traced per treelet, summed over the workers' newest reports (the load /map shows). */
  public synchronized long[] raysByTreelet() {
    long[] n = new long[published.treeletCount()];
    for (WorkerReport w : workers.values()) {
      for (int i = 0; i < w.treelets().length; i++) {
        int t = w.treelets()[i];
        if (t >= 0 && t < n.length) {
          n[t] += w.raysByTreelet()[i];
        }
      }
    }
    return n;
  }

  public synchronized List<WorkerReport> workerReports() {
    return new ArrayList<>(workers.values());
  }
}
