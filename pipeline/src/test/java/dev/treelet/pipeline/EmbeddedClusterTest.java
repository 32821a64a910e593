package dev.treelet.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cluster `./treelet render` starts in its own JVM. */
class EmbeddedClusterTest {
  @TempDir
  Path dir;

  /**
   * Tasks that fail every time they start (here the workers' prepared scene is gone) fail the render
   * after a few restarts, with the cause in the message; Flink's default restarts for ever, and the
   * render sat at 0% saying nothing.
   */
  @Test
  @Timeout(60)
  void aRenderWhoseTasksKeepFailingFailsNamingTheCause() throws Exception {
    Path prepared = ShippedScenes.prepare("furnace.pbrt", 32, 32, 64 << 10, dir.resolve("scene"));
    RenderLaunch.Options o = RenderLaunch.Options.defaults(dir.resolve("out.pfm"), 2).withSpp(1);
    Configuration config = RenderJob.configuration(null, null);
    try (EmbeddedCluster cluster = new EmbeddedCluster(2, config);
        RenderLaunch launch = RenderLaunch.start(prepared, o)) {
      try (Stream<Path> files = Files.walk(prepared)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      JobID job = JobRun.submit(cluster.client(), launch.jobGraph(config, null));
      JobFailedException e = assertThrows(JobFailedException.class,
          () -> JobRun.await(cluster.client(), job, launch.coordinator(), System.nanoTime(), false));
      assertTrue(e.getMessage().contains(prepared.toString()), e.getMessage());
    }
  }
}
