package dev.treelet.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.film.PfmWriter;
import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.treelet.TreeletStore;
import java.nio.file.Path;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The render as a Flink job on a MiniCluster of two task managers (RocksDB state, the coordinator on
 * a loopback socket) must equal the single-process render of the same seed, bit for bit, with
 * exactly spp samples in every pixel: fresh, and after a restore from a checkpoint taken mid-render.
 */
class FlinkRenderTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = TestClusters.twoTaskManagers();

  @Test
  void cornellBoxSplitOverTwoWorkersWithinBudgetsEqualsTheSingleProcessRender(
      @InjectClusterClient ClusterClient<?> client, @TempDir Path dir) throws Exception {
    Path prepared = ShippedScenes.prepare("cornell-box.pbrt", 64, 48, 96 << 10, dir.resolve("scene"));
    TreeletStore store = PreparedSceneFiles.open(prepared, 0).treelets();
    assertTrue(store.count() >= 8, "the scene is cut into " + store.count() + " treelets");
    long budget = store.totalBytes() * 7 / 10; // no worker may hold the whole scene
    Path out = dir.resolve("out.pfm");
    RenderLaunch.Options o = RenderLaunch.Options.defaults(out, 2).withSpp(3).withSeed(7).withWorkerBudget(budget);

    JobRun.Outcome outcome;
    String summary;
    try (RenderLaunch launch = RenderLaunch.start(prepared, o)) {
      Configuration config = RenderJob.configuration(null, null);
      JobID job = JobRun.submit(client, launch.jobGraph(config, null));
      outcome = JobRun.await(client, job, launch.coordinator(), System.nanoTime(), false);
      summary = launch.summary(outcome);
    }

    assertSameImage(ShippedScenes.reference(prepared, 7, 3), out);
    assertEquals(64 * 48 * 3, outcome.count("samples"), summary);
    assertEquals(3, outcome.count("min_spp"), summary);
    assertEquals(3, outcome.count("max_spp"), summary);
    long resident = outcome.count("max_worker_resident_bytes");
    assertTrue(resident > 0 && resident <= budget, "peak resident " + resident + " over budget " + budget);
    assertTrue(outcome.count("ray_hops") > 0, "with the scene split, rays must move between workers: " + summary);
  }

  @Test
  void furnaceOverTwoWorkersEqualsTheSingleProcessRender(@InjectClusterClient ClusterClient<?> client,
      @TempDir Path dir) throws Exception {
    Path prepared = ShippedScenes.prepare("furnace.pbrt", 32, 32, 16 << 10, dir.resolve("scene"));
    Path out = dir.resolve("out.pfm");
    RenderLaunch.Options o = RenderLaunch.Options.defaults(out, 2).withSpp(4).withSeed(3);
    JobRun.Outcome outcome;
    try (RenderLaunch launch = RenderLaunch.start(prepared, o)) {
      JobID job = JobRun.submit(client, launch.jobGraph(RenderJob.configuration(null, null), null));
      outcome = JobRun.await(client, job, launch.coordinator(), System.nanoTime(), false);
    }
    assertSameImage(ShippedScenes.reference(prepared, 3, 4), out);
    assertEquals(4, outcome.count("min_spp"));
    assertEquals(4, outcome.count("max_spp"));
  }

  /**
   * Paused: the routers hold every ray while the checkpoint is taken, so rays sit in operator state.
   * Flowing: the checkpoint's barriers pass through the loop while rays move, so every record either
   * side of a barrier must land on its side of the checkpoint (with at-least-once barriers, Flink's
   * mode when no checkpoint interval is configured, records after a barrier were processed before
   * the snapshot and samples were counted twice after the restore).
   */
  @ParameterizedTest(name = "paused={0}")
  @ValueSource(booleans = {true, false})
  void restoredFromACheckpointTakenWithRaysInTheLoopFinishesExactly(boolean paused,
      @InjectClusterClient ClusterClient<?> client, @TempDir Path dir) throws Exception {
    Path prepared = ShippedScenes.prepare("cornell-box.pbrt", 96, 96, 128 << 10, dir.resolve("scene"));
    Path out = dir.resolve("out.pfm");
    Path checkpoints = dir.resolve("checkpoints");
    Configuration config = RenderJob.configuration(null, checkpoints.toUri().toString());
    // Long enough (about 590k samples paused, 2.4M flowing: seconds on this machine) that the
    // checkpoint, asked for as soon as the first samples are reported, lands long before the end.
    int spp = paused ? 64 : 256;
    RenderLaunch.Options o = RenderLaunch.Options.defaults(out, 2).withSpp(spp).withSeed(11);

    JobRun.Outcome outcome;
    try (RenderLaunch launch = RenderLaunch.start(prepared, o)) {
      JobID first = JobRun.submit(client, launch.jobGraph(config, null));
      Polling.waitUntil(() -> launch.coordinator().samplesDone() > 0, "the render to make progress");
      if (paused) {
        // Stop-sending: routers hold every ray, so the render cannot finish while we checkpoint it.
        launch.coordinator().pause("test: checkpoint mid-render");
        assertTrue(launch.coordinator().samplesDone() < launch.coordinator().totalSamples() / 2,
            "the render was paused early: " + launch.coordinator().samplesDone() + " samples done");
      }
      long checkpoint;
      try {
        checkpoint = client.triggerCheckpoint(first, CheckpointType.FULL).get();
      } catch (java.util.concurrent.ExecutionException e) {
        // Say why the job ended rather than only that the checkpoint could not be taken.
        throw new AssertionError("checkpoint failed; the job ended with "
            + client.requestJobResult(first).get().getSerializedThrowable()
                .map(t -> t.deserializeError(getClass().getClassLoader())).orElse(null), e);
      }
      client.cancel(first).get();
      Polling.waitUntil(() -> status(client, first) == JobStatus.CANCELED, "the first job to be cancelled");

      if (paused) {
        launch.coordinator().resume("test: restored");
      }
      Path from = checkpoints.resolve(first.toHexString()).resolve("chk-" + checkpoint);
      JobID second = JobRun.submit(client, launch.jobGraph(config, from.toUri().toString()));
      outcome = JobRun.await(client, second, launch.coordinator(), System.nanoTime(), false);
    }

    assertTrue(outcome.count("restored_paths_done") > 0, "the checkpoint was taken after samples were done");
    assertTrue(outcome.count("restored_in_flight_paths") > 0, "the checkpoint held paths in flight");
    assertSameImage(ShippedScenes.reference(prepared, 11, spp), out);
    assertEquals(96L * 96 * spp, outcome.count("samples"));
    assertEquals(spp, outcome.count("min_spp"));
    assertEquals(spp, outcome.count("max_spp"));
  }

  private static JobStatus status(ClusterClient<?> client, JobID job) {
    try {
      return client.getJobStatus(job).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }


  private static void assertSameImage(Film expected, Path pfm) throws Exception {
    PfmWriter.Image image = PfmWriter.read(pfm);
    assertEquals(expected.width(), image.width());
    assertEquals(expected.height(), image.height());
    assertArrayEquals(expected.rgb(), image.rgb(), "the Flink render differs from the single-process render");
  }
}
