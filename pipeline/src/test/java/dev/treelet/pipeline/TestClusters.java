package dev.treelet.pipeline;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniClusters the job's tests run on. */
final class TestClusters {
  private TestClusters() {}

  /** Two task managers of one slot each, with the job's own configuration: workers exchange bags over TCP. */
  static MiniClusterExtension twoTaskManagers() {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(2)
        .setNumberSlotsPerTaskManager(1)
        .setConfiguration(RenderJob.configuration(null, null))
        .build());
  }
}
