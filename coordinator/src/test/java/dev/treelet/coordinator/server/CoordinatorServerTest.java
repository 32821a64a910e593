package dev.treelet.coordinator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.AllocationLoop;
import dev.treelet.coordinator.Coordinator;
import dev.treelet.coordinator.Reports;
import dev.treelet.coordinator.allocation.Load;
import dev.treelet.coordinator.allocation.StaticPolicy;
import dev.treelet.coordinator.change.BarrierProtocol;
import dev.treelet.coordinator.protocol.RouteRequest;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.ProgressReport;
import dev.treelet.coordinator.protocol.WorkerReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The coordinator's endpoint over a real loopback socket. */
class CoordinatorServerTest {
  private static WorkerReport report(int attempt, long seq, long traced) {
    return Reports.traced(0, attempt, seq, traced);
  }

  @Test
  void longPollDeliversTheNextEpochAndReportsAreNewestWins() throws Exception {
    Coordinator c = new Coordinator(new Allocation(1, false, 2, new int[][] {{0, 1}}), 100);
    try (CoordinatorServer server = CoordinatorServer.start(loop(c), "127.0.0.1", 0)) {
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

  private static AllocationLoop loop(Coordinator c) {
    long[] sizes = new long[c.allocation().treeletCount()];
    java.util.Arrays.fill(sizes, 10);
    return new AllocationLoop(c, new StaticPolicy(), new BarrierProtocol(1000), sizes, 100);
  }

  @Test
  void routingByHandChangesTheDesiredMapOrSaysWhyNot() throws Exception {
    Coordinator c = new Coordinator(new Allocation(1, false, 2, new int[][] {{0, 1}, {0}}), 100);
    AllocationLoop loop = loop(c);
    try (CoordinatorServer server = CoordinatorServer.start(loop, "127.0.0.1", 0)) {
      CoordinatorClient client = new CoordinatorClient(server.address());
      String ok = client.post("/route", new RouteRequest("add", 1, 1, null));
      assertTrue(ok.contains("add treelet 1 to worker 1"), ok);
      assertTrue(loop.desired().holds(1, 1));
      IOException refused = assertThrows(IOException.class,
          () -> client.post("/route", new RouteRequest("add", 4, 1, null)));
      assertTrue(refused.getMessage().contains("400") && refused.getMessage().contains("unknown treelet 4"),
          refused.getMessage());
      refused = assertThrows(IOException.class, () -> client.post("/report/worker",
          Reports.traced(9, 0, 1, 0)));
      assertTrue(refused.getMessage().contains("unknown worker 9"), refused.getMessage());
      assertTrue(client.get("/map").contains("\"desired\""));
      loop.tick(0, new Load(new double[] {5, 7}, new double[] {6, 6}, new double[] {0.5, 0.25}, 100));
      String map = client.get("/map");
      assertTrue(map.contains("\"load\":{\"waiting\":[5.0,7.0]") && map.contains("\"loop\":\"policy static"), map);
    }
  }

  @Test
  void malformedRequestsAreRefusedWithTheirProblemAndChangeNothing() throws Exception {
    Coordinator c = new Coordinator(new Allocation(1, false, 1, new int[][] {{0}}), 10);
    try (CoordinatorServer server = CoordinatorServer.start(loop(c), "127.0.0.1", 0)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://" + server.address();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/report/worker"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"worker\": \"seven\"")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("error"), r.body());
      r = http.send(HttpRequest.newBuilder(URI.create(base + "/report/worker")).POST(HttpRequest.BodyPublishers.ofString(
          "{\"worker\": 0, \"sequence\": 1, \"treelets\": [0, 1], \"raysByTreelet\": [5], \"busyNanosByTreelet\": [1, 1], \"waitingRayMillis\": [0, 0]}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("same length"), r.body());
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
      assertEquals(3, server.refusedRequests(), "each refusal is counted (the 405 is not a refusal of content)");
    }
  }

  @Test
  void beyondLoopbackATokenIsRequiredAndEveryRequestMustCarryIt() throws Exception {
    IOException open = assertThrows(IOException.class,
        () -> CoordinatorServer.standalone(plan -> null, "0.0.0.0", 0, AccessToken.NONE));
    assertTrue(open.getMessage().contains(AccessToken.ENV), open.getMessage());

    AccessToken token = new AccessToken("s3cret");
    try (CoordinatorServer server = CoordinatorServer.standalone(plan -> null, "127.0.0.1", 0, token)) {
      IOException denied = assertThrows(IOException.class,
          () -> new CoordinatorClient(server.address(), AccessToken.NONE).get("/map"));
      assertTrue(denied.getMessage().contains("401") && denied.getMessage().contains("token"), denied.getMessage());
      denied = assertThrows(IOException.class,
          () -> new CoordinatorClient(server.address(), new AccessToken("guess")).get("/map"));
      assertTrue(denied.getMessage().contains("401"), denied.getMessage());
      IOException admitted = assertThrows(IOException.class,
          () -> new CoordinatorClient(server.address(), token).get("/map"));
      assertTrue(admitted.getMessage().contains("no render registered"), "past the token: " + admitted.getMessage());
      assertEquals(3, server.refusedRequests(), "two wrong tokens, and one request with no render to serve");
      assertFalse(token.toString().contains("s3cret"), "the secret is never logged");
    }
  }
}
