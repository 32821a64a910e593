package dev.treelet.pipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniClusters the job's tests run on. */
final class TestClusters {
  private TestClusters() {}

  /**
   * Two task managers of one slot each, with the job's own configuration and the network settings a
   * cluster runs it with: workers exchange bags over TCP.
   */
  static MiniClusterExtension twoTaskManagers() {
    Configuration config = RenderJob.configuration(null, null);
    NetworkSettings.apply(config, 1);
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(2)
        .setNumberSlotsPerTaskManager(1)
        .setConfiguration(config)
        .build());
  }
}
