package dev.treelet.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.treelet.coordinator.server.CoordinatorClient;
import dev.treelet.operators.RenderSpec;
import dev.treelet.tracer.film.PfmWriter;
import dev.treelet.tracer.render.PreparedSceneFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinator processes sharing an embedded ZooKeeper; the job is given both addresses. The
 * leader is killed (SIGKILL) mid-render: the job traces on meanwhile, the standby is elected, takes
 * the render over from the plan and map recorded in ZooKeeper, and publishes above every epoch the
 * job has seen; the render ends exact, with the single-process image.
 */
class CoordinatorFailoverTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = TestClusters.twoTaskManagers();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process coordinator(int port, String zookeeper, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.treelet.cli.TreeletCli", "coordinator", "--port",
        String.valueOf(port), "--zookeeper", zookeeper, "--advertise", "127.0.0.1:" + port));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The status a coordinator answers /progress with on its own: 503 standby, 400 leader with no render, 200. */
  private static int status(int port) {
    try {
      new CoordinatorClient("127.0.0.1:" + port).get("/progress");
      return 200;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains(" 503") ? 503
          : e.getMessage() != null && e.getMessage().contains(" 400") ? 400 : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Test
  void theStandbyTakesOverMidRenderAndTheImageStaysExact(@InjectClusterClient ClusterClient<?> client,
      @TempDir Path dir) throws Exception {
    Path prepared = ShippedScenes.prepare("cornell-box.pbrt", 96, 96, 128 << 10, dir.resolve("scene"));
    int spp = 128;
    try (TestingServer zk = new TestingServer(true)) {
      int[] ports = {freePort(), freePort()};
      Process[] procs = {coordinator(ports[0], zk.getConnectString(), dir.resolve("a.log")),
          coordinator(ports[1], zk.getConnectString(), dir.resolve("b.log"))};
      try {
        // Both up, one elected (no render yet: 400), the other standing by (503).
        Polling.waitUntil(() -> status(ports[0]) + status(ports[1]) == 400 + 503, "one leader and one standby");
        int leader = status(ports[0]) == 400 ? 0 : 1;
        assertEquals(503, status(ports[1 - leader]), "never two leaders");
        String both = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];

        long budget = PreparedSceneFiles.open(prepared, 9).treelets().totalBytes() * 7 / 10;
        RenderLaunch.Options o = RenderLaunch.Options.defaults(dir.resolve("out.pfm"), 2).withSpp(spp).withSeed(9)
            .withWorkerBudget(budget);
        RenderSpec spec = RenderAllocation.register(prepared, o, both).spec();
        CoordinatorClient coordinators = new CoordinatorClient(both);
        JobID job = JobRun.submit(client, RenderLaunch.graphOf(RenderJob.configuration(null, null), spec));
        Polling.waitUntil(() -> progress(coordinators).path("samplesDone").asLong() > 0, "the render to make progress");
        long epochAtKill = progress(coordinators).path("epoch").asLong();
        long killed = System.nanoTime();
        procs[leader].destroyForcibly().waitFor();
        Polling.waitUntil(() -> status(ports[1 - leader]) == 200, "the standby to take the render over");
        System.err.printf("leader killed at epoch %d; the standby served the render %.2f s later%n", epochAtKill,
            (System.nanoTime() - killed) / 1e9);
        JsonNode after = progress(coordinators);
        assertTrue(after.path("epoch").asLong() > epochAtKill, "the new leader publishes above epoch " + epochAtKill
            + ": " + after);
        assertTrue(after.path("samplesDone").asLong() < after.path("totalSamples").asLong(), "taken over mid-render");
        JobRun.Outcome outcome = JobRun.await(client, job, RenderProgress.remote(both), System.nanoTime(), false);
        assertArrayEquals(ShippedScenes.reference(prepared, 9, spp).rgb(), PfmWriter.read(dir.resolve("out.pfm")).rgb(),
            "the image differs from the single-process render");
        assertEquals(96 * 96 * spp, outcome.count("samples"));
        assertEquals(spp, outcome.count("min_spp"));
        assertEquals(spp, outcome.count("max_spp"));
      } finally {
        for (Process p : procs) {
          p.destroyForcibly().waitFor();
        }
      }
    }
  }

  private static JsonNode progress(CoordinatorClient c) {
    try {
      return JSON.readTree(c.get("/progress"));
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }
}
