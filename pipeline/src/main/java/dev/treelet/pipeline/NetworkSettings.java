package dev.treelet.pipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * The TaskManager network settings the ray loop needs. They are cluster settings (config.yaml), not a
 * job's: the embedded MiniCluster, {@code ./treelet cluster up} and the Kubernetes example set them.
 *
 * <p>Flink 2.x fixes how many network buffers a channel may use (2 exclusive and 8 floating per input
 * gate, at most 10 queued per subpartition; the options that changed them are gone), so what a router
 * can queue toward one worker is 10 buffers. At the default 32 KiB a buffer that is ~2,200 rays of
 * ~146 bytes. When one worker fell behind, both routers blocked on its channel, and the other worker,
 * fed mostly by its own router, starved: terrain in 43 treelets on 2 workers, routers blocked 21-28 s
 * of a 32-39 s render, the tracing threads 0.76 busy. At 1 MiB a buffer a router can queue ~70,000
 * rays for a worker, about all the paths the render has in flight: routers blocked 0.1-0.8 s.
 */
public final class NetworkSettings {
  /** As written in a config.yaml ({@code taskmanager.memory.segment-size}). */
  public static final String SEGMENT_SIZE = "1mb";

  private NetworkSettings() {}

  /**
   * Network memory for a TaskManager with this many slots, in MiB. Measured in use with 1 MiB
   * buffers: 64 buffers with 2 slots, 112 with 4; Flink allocates all of it up front.
   */
  public static int networkMegabytes(int slots) {
    return 64 + 32 * slots;
  }

  /** Sets both on a TaskManager's configuration (the embedded MiniCluster's). */
  public static void apply(Configuration c, int slots) {
    MemorySize network = MemorySize.ofMebiBytes(networkMegabytes(slots));
    c.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, MemorySize.parse(SEGMENT_SIZE));
    c.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
    c.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
  }
}
