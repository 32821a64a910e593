package dev.treelet.coordinator;

import dev.treelet.coordinator.protocol.WorkerReport;

/** Worker reports for tests: only the fields a test is about, the rest zero. */
public final class Reports {
  private Reports() {}

  /** Worker's report with rays traced, all in treelet 0. */
  public static WorkerReport traced(int worker, int attempt, long sequence, long traced) {
    return new WorkerReport(worker, attempt, sequence, new int[] {0}, new long[] {traced}, new long[] {0}, new long[] {0}, traced, 0,
        0, 0, 10, 10, 100, 0, 0, 1, -1);
  }

  /**
   * Worker's report at millis with its busy time (all of it in the first of treelets), rays traced and
   * ray-milliseconds waited per treelet.
   */
  public static WorkerReport load(int worker, long sequence, long millis, long busyNanos, long traced, int[] treelets,
      long[] waited) {
    long[] busy = new long[treelets.length];
    busy[0] = busyNanos;
    return new WorkerReport(worker, 0, sequence, treelets, new long[treelets.length], busy, waited, traced, 0, 0, 0,
        0, 0, 0, busyNanos, millis, 1, -1);
  }

  /** Worker's acks: the epoch it applied and the one it drained. */
  public static WorkerReport acks(int worker, long sequence, long applied, long drained) {
    return new WorkerReport(worker, 0, sequence, new int[0], new long[0], new long[0], new long[0], 0, 0, 0, 0, 0, 0,
        0, 0, 0, applied, drained);
  }
}
