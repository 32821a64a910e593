package dev.treelet.pipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * The size of Flink's network buffers in the embedded cluster, and the network memory its one task
 * manager needs for them. A cluster setting (a task manager allocates its buffers when it starts).
 *
 * <p>Why not Flink's 32 KB: Flink 2.x fixes a channel's output at 10 buffers, and a full bag of rays
 * is ~150 KB (1024 rays at ~148 bytes), so a router could hand a worker two bags before it blocked,
 * and a router blocked on one busy worker holds up the bags for the other (head-of-line). Measured on
 * `bench job` terrain, 64 KB treelets, 2 workers: routers blocked ~30% of their time, workers idle
 * ~19%; with 128 KB buffers workers idle ~13% and the job ran 4-7% faster (two alternating pairs of
 * four-round runs: best 1.70M / 1.78M samples/s against 1.63M / 1.66M).
 *
 * <p>Only here, not in a cluster of several task managers (config.yaml, the tests' two-TaskManager
 * MiniClusters keep 32 KB): there, with 1 MB buffers, Flink 2.2.1 failed a surviving task manager when
 * a peer died (a remote input channel's cleanup rethrowing the dead peer's error; README, Flink job
 * measurements), and the failover hung in 8 of 15 runs. The embedded cluster is one task manager
 * whose channels are all local, so that path cannot run.
 *
 * <p>The price is memory: a job's buffer count grows with the square of its workers (each router
 * talks to each worker; measured: 16 workers in one task manager need 770-1024 buffers), so the
 * network memory grows with the workers instead of Flink's fixed 64 MB, which at 128 KB would hold
 * 512 buffers and leave a 16-worker render unable to start.
 */
final class NetworkBuffers {
  static final MemorySize SEGMENT = new MemorySize(128L << 10);
  private static final MemorySize FLINK_DEFAULT_NETWORK = MemorySize.ofMebiBytes(64);

  private NetworkBuffers() {}

  /** Buffers a task manager running every subtask of a render with this many workers needs, with room. */
  static long buffersFor(int workers) {
    return 4L * workers * workers + 64;
  }

  /** The network memory of one task manager that runs all of a render's workers (at least Flink's default). */
  static MemorySize memoryFor(int workers) {
    MemorySize needed = new MemorySize(SEGMENT.getBytes() * buffersFor(workers));
    return needed.compareTo(FLINK_DEFAULT_NETWORK) > 0 ? needed : FLINK_DEFAULT_NETWORK;
  }

  /** Sets the buffer size and a task manager's network memory for workers in conf. */
  static void apply(Configuration conf, int workers) {
    MemorySize network = memoryFor(workers);
    conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, SEGMENT);
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
  }
}
