package dev.treelet.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.allocation.DynamicPolicy;
import dev.treelet.coordinator.allocation.Load;
import dev.treelet.coordinator.change.LeaseProtocol;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.RouteRequest;
import org.junit.jupiter.api.Test;

class AllocationLoopTest {
  private static final long[] SIZES = {100, 100, 100};
  private final Coordinator coordinator =
      new Coordinator(new Allocation(1, false, 3, new int[][] {{0, 1, 2}, {0}, {1}}), 1000);
  private final AllocationLoop loop =
      new AllocationLoop(coordinator, new DynamicPolicy(), new LeaseProtocol(1000, 400, 200, SIZES, 300), SIZES, 300);

  private static RouteRequest req(String op, Integer treelet, Integer worker, int... workers) {
    return new RouteRequest(op, treelet, worker, workers.length == 0 ? null : workers);
  }

  private static String refusal(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void badRequestsAreRefusedByNameAndChangeNothing() {
    Allocation before = loop.desired();
    assertEquals("unknown treelet 9 (the scene has treelets 0..2)", refusal(() -> loop.route(req("add", 9, 0))));
    assertEquals("unknown worker 5 (the job has workers 0..2)", refusal(() -> loop.route(req("drain", null, 5))));
    assertTrue(refusal(() -> loop.route(req("remove", 1, 0))).contains("only copy of treelet 1"));
    assertEquals("unknown route op \"move\"; use " + RouteRequest.OPS, refusal(() -> loop.route(req("move", 1, 0))));
    assertEquals("add needs \"worker\"", refusal(() -> loop.route(req("add", 1, null))));
    // Worker 2 holds treelet 0 (100 bytes) of its 300: pinning treelets 1 and 2 there fits, a 4th would not.
    assertTrue(refusal(() -> loop.route(req("pin", 1, null, 3))).startsWith("unknown worker 3"));
    assertEquals("unknown worker -1 (the job has workers 0..2)", refusal(() -> loop.route(req("pin", 1, null, 0, -1))));
    assertEquals("unknown treelet 7 (the scene has treelets 0..2)", refusal(() -> loop.route(req("pin", 7, null, 0))));
    assertEquals(before, loop.desired());
  }

  @Test
  void handMadeChangesReachThePublishedMapAndThePolicyLeavesThemAlone() {
    loop.route(req("pin", 1, null, 1, 2));
    loop.route(req("drain", null, 0));
    assertArrayEquals(new int[] {1, 2}, loop.desired().holders(1));
    assertEquals(0, loop.desired().treeletsOf(0).size(), "drained");
    // Treelet 1 is hot and worker 0 idle, but 1 is pinned and 0 drained: the policy changes nothing.
    loop.tick(0, new Load(new double[] {0, 1e6, 0}, new double[] {0, 5e5, 5e5}, new double[] {0, 1, 1}, 1000));
    assertArrayEquals(new int[] {1, 2}, loop.desired().holders(1));
    Allocation published = coordinator.allocation();
    assertArrayEquals(new int[] {0, 1, 2}, published.holders(1), "worker 0 keeps its lease a while");
    for (long now = 100; now <= 1300; now += 100) {
      loop.tick(now, null);
    }
    assertTrue(coordinator.allocation().sameHolders(loop.desired()), coordinator.allocation().toString());
  }

  @Test
  void releasedTreeletsGoBackToThePolicy() {
    loop.route(req("pin", 2, null, 1));
    loop.route(req("release", 2, null));
    loop.tick(0, new Load(new double[] {0, 0, 1e6}, new double[] {0, 5e5, 5e5}, new double[] {0, 1, 1}, 1000));
    assertArrayEquals(new int[] {0, 1}, loop.desired().holders(2));
  }
}
