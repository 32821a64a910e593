package dev.treelet.coordinator.protocol;

/**
 * What one tracing worker reports every few hundred milliseconds, and whenever it applies an
 * allocation or has every router's stop marker. Counters are cumulative since the worker (attempt)
 * started, so a lost report loses nothing and a repeated one adds nothing; the coordinator keeps the
 * report with the highest (attempt, sequence) per worker and ignores the rest, and takes load from
 * the differences between a worker's reports (seed 001).
 *
 * @param treelets          treelets this worker has had rays for, parallel to the three arrays after it
 * @param raysByTreelet     rays traced per treelet, cumulative
 * @param busyNanosByTreelet time spent tracing in each treelet, cumulative: what a treelet costs,
 *                          including rays that reach it from a treelet held here and so never queue
 * @param waitingRayMillis  per treelet, the sum over rays that arrived of the milliseconds each waited
 *                          between its router sending it and this worker taking it: by Little's law,
 *                          its growth over a period divided by the period is the mean number of rays
 *                          that waited for the treelet (queued in the network or at this worker)
 * @param raysTraced        rays traced, all treelets
 * @param raysSentOn        rays that left for a treelet held elsewhere (hops out)
 * @param misrouted         rays that arrived for a treelet this worker does not hold (sent on)
 * @param pendingRays       rays held now because they were routed under an allocation this worker
 *                          has not applied yet (their treelet may be about to load)
 * @param residentBytes     treelet bytes held now
 * @param peakResidentBytes the most treelet bytes held at once
 * @param budgetBytes       this worker's treelet budget
 * @param busyNanos         time spent tracing, cumulative
 * @param millis            the worker's wall clock when it made the report (busy fraction = growth of
 *                          busyNanos over growth of millis, both from the same clock)
 * @param epoch             the allocation epoch this worker has applied (a barrier's "applied" ack)
 * @param drainedEpoch      the epoch up to which every router's stop marker has reached this worker
 *                          (a barrier's "stopped" ack); -1 if none
 */
public record WorkerReport(int worker, int attempt, long sequence, int[] treelets, long[] raysByTreelet,
    long[] busyNanosByTreelet, long[] waitingRayMillis, long raysTraced, long raysSentOn, long misrouted, long pendingRays,
    long residentBytes, long peakResidentBytes, long budgetBytes, long busyNanos, long millis, long epoch,
    long drainedEpoch) {

  /** True if this report is newer than {@code other} from the same worker. */
  public boolean newerThan(WorkerReport other) {
    return other == null || attempt > other.attempt || (attempt == other.attempt && sequence > other.sequence);
  }

  /** True if the per-treelet arrays are all there and parallel. */
  public boolean wellFormed() {
    return treelets != null && raysByTreelet != null && busyNanosByTreelet != null && waitingRayMillis != null
        && raysByTreelet.length == treelets.length && busyNanosByTreelet.length == treelets.length
        && waitingRayMillis.length == treelets.length;
  }

  /** Bytes of budget not holding a treelet. */
  public long freeBytes() {
    return budgetBytes - residentBytes;
  }
}
