package dev.treelet.coordinator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.Coordinator;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.ProgressReport;
import dev.treelet.coordinator.protocol.WorkerReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The coordinator's endpoint over a real loopback socket. */
class CoordinatorServerTest {
  private static WorkerReport report(int attempt, long seq, long traced) {
    return new WorkerReport(0, attempt, seq, new int[] {0}, new long[] {traced}, traced, 0, 0, 10, 10, 100, 1);
  }

  @Test
  void longPollDeliversTheNextEpochAndReportsAreNewestWins() throws Exception {
    Coordinator c = new Coordinator(new Allocation(1, false, 2, new int[][] {{0, 1}}), 100);
    try (CoordinatorServer server = CoordinatorServer.start(c, "127.0.0.1", 0)) {
      CoordinatorClient client = new CoordinatorClient(server.address());
      assertEquals(1, client.awaitAllocation(-1, 1000).epoch());
      assertNull(client.awaitAllocation(1, 50), "nothing newer: the poll times out empty");
      CompletableFuture<Allocation> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          return client.awaitAllocation(1, 10_000);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      c.pause("test");
      Allocation next = waiting.get();
      assertEquals(2, next.epoch());
      assertTrue(next.paused());

      client.post("/report/worker", report(0, 2, 50));
      client.post("/report/worker", report(0, 1, 999)); // stale: older sequence
      client.post("/report/worker", report(0, 2, 999)); // duplicate
      assertEquals(50, c.raysTraced());
      assertEquals(2, c.staleReports());
      client.post("/report/worker", report(1, 1, 7)); // a restarted attempt starts its counters again
      assertEquals(7, c.raysTraced());
      client.post("/report/progress", new ProgressReport(0, 0, 1, 40, 0));
      assertEquals(40, c.samplesDone());
    }
  }

  @Test
  void malformedRequestsAreRefusedWithTheirProblemAndChangeNothing() throws Exception {
    Coordinator c = new Coordinator(new Allocation(1, false, 1, new int[][] {{0}}), 10);
    try (CoordinatorServer server = CoordinatorServer.start(c, "127.0.0.1", 0)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://" + server.address();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/report/worker"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"worker\": \"seven\"")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("error"), r.body());
      r = http.send(HttpRequest.newBuilder(URI.create(base + "/control?after=x")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("after"), r.body());
      r = http.send(HttpRequest.newBuilder(URI.create(base + "/pause")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(405, r.statusCode());
      assertFalse(c.allocation().paused());
      assertEquals(1, c.allocation().epoch());
      assertEquals(0, c.raysTraced());
    }
  }
}
