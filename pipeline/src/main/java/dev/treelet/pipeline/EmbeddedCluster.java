package dev.treelet.pipeline;

import java.time.Duration;
import org.apache.flink.client.program.MiniClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * An embedded Flink cluster for one render: one task manager with a slot per worker (slots of one
 * task manager exchange records through local channels; separate task managers in one JVM would go
 * through TCP on loopback for nothing: measured 25% slower), network buffers sized for bags of
 * rays ({@link NetworkBuffers}), the REST API and Web UI on a free loopback port.
 */
public final class EmbeddedCluster implements AutoCloseable {
  /**
   * Workers a render gets unless it asks: one more than the cores. Workers wait for rays at times (a
   * bag in a router's queue, samples on their way to free credits); with one more, another has work
   * meanwhile. bench job on 2 cores, terrain split in 43 treelets: 3 workers 1.70-1.80M samples/s
   * against 1.67-1.68M with 2 (the JVM used 1.95-1.97 cores instead of 1.88-1.90), 4 workers 1.65M;
   * cornell box 976k against 940k. At most 16: Flink's network buffers grow with the square of the
   * workers.
   * Co-located workers share the treelets they hold (CoLocatedTreelets), so a worker more is not a
   * copy of the scene more.
   */
  public static int defaultWorkers() {
    return Math.min(Runtime.getRuntime().availableProcessors() + 1, 16);
  }

  /** Restarts of a failed render before it fails for good. */
  static final int RESTARTS = 3;

  private final MiniCluster cluster;
  private final MiniClusterClient client;

  public EmbeddedCluster(int workers, Configuration jobConfig) throws Exception {
    Configuration conf = new Configuration(jobConfig);
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    NetworkBuffers.apply(conf, workers);
    // Everything runs in this JVM: no task manager can come back, so a task that keeps failing is a
    // bug or a setting, and Flink's default (restart for ever) would leave the render hanging at 0%
    // with nothing said. A few restarts still ride out a passing failure; then the render fails with
    // Flink's cause.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTARTS);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(conf)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(workers)
        .build());
    cluster.start();
    client = new MiniClusterClient(conf, cluster);
  }

  public MiniClusterClient client() {
    return client;
  }

  public String webUi() throws Exception {
    return cluster.getRestAddress().get().toString();
  }

  @Override
  public void close() throws Exception {
    client.close();
    cluster.close();
  }
}
