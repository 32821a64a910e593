package dev.treelet.pipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniClusters the job's tests run on. */
final class TestClusters {
  private TestClusters() {}

  /** Two task managers of one slot each, with the job's own configuration: workers exchange bags over TCP. */
  static MiniClusterExtension twoTaskManagers() {
    Configuration conf = RenderJob.configuration(null, null);
    NetworkBuffers.apply(conf, 2); // the buffers a render ships with, as EmbeddedCluster and config.yaml set them
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(2)
        .setNumberSlotsPerTaskManager(1)
        .setConfiguration(conf)
        .build());
  }
}
