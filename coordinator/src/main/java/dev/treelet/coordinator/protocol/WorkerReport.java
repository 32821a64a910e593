package dev.treelet.coordinator.protocol;

/**
 * What one tracing worker reports every few hundred milliseconds. Counters are cumulative since
 * the worker (attempt) started, so a lost report loses nothing and a repeated one adds nothing; the
 * coordinator keeps the report with the highest (attempt, sequence) per worker and ignores the rest.
 *
 * @param treelets          treelets this worker has traced rays in, parallel to raysByTreelet
 * @param raysByTreelet     rays traced per treelet, cumulative
 * @param raysTraced        rays traced, all treelets
 * @param raysSentOn        rays that left for a treelet held elsewhere (hops out)
 * @param misrouted         rays that arrived for a treelet this worker does not hold (sent on)
 * @param residentBytes     treelet bytes held now
 * @param peakResidentBytes the most treelet bytes held at once
 * @param budgetBytes       this worker's treelet budget
 * @param epoch             the allocation epoch this worker has applied (a barrier's "applied" ack)
 * @param drainedEpoch      the epoch up to which every router's stop marker has reached this worker
 *                          (a barrier's "stopped" ack); -1 if none
 */
public record WorkerReport(int worker, int attempt, long sequence, int[] treelets, long[] raysByTreelet,
    long raysTraced, long raysSentOn, long misrouted, long residentBytes, long peakResidentBytes,
    long budgetBytes, long epoch, long drainedEpoch) {

  /** True if this report is newer than {@code other} from the same worker. */
  public boolean newerThan(WorkerReport other) {
    return other == null || attempt > other.attempt || (attempt == other.attempt && sequence > other.sequence);
  }
}
