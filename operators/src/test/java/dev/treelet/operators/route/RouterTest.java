package dev.treelet.operators.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.operators.wire.RayBag;
import dev.treelet.tracer.ray.RayBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final WorkerKeys KEYS = new WorkerKeys(3, 128);
  private static final long NOW = 1_000_000;

  private static RayBag bag(int treelet, int rays) {
    RayBatch b = new RayBatch(rays);
    for (int i = 0; i < rays; i++) {
      b.add();
      b.setInt(i, RayBatch.STACK_SIZE, 0);
    }
    return RayBag.of(treelet, b);
  }

  private static int worker(RayBag routed) {
    for (int w = 0; w < KEYS.workers(); w++) {
      if (KEYS.keyOf(w) == routed.workerKey()) {
        return w;
      }
    }
    throw new AssertionError("unknown key " + routed.workerKey());
  }

  @Test
  void workerKeysLandOnTheirSubtasks() {
    for (int w = 0; w < 3; w++) {
      assertEquals(w, KeyGroupRangeAssignment.assignKeyToParallelOperator(KEYS.keyOf(w), 128, 3));
    }
  }

  @Test
  void bagsGoToTheLeastLoadedHolder() {
    Router r = new Router(KEYS, 0);
    List<RayBag> sent = new ArrayList<>();
    r.apply(new Allocation(1, false, 3, new int[][] {{0, 1, 2}, {1, 2}}), NOW, sent::add);
    r.offer(bag(1, 10), NOW, sent::add);
    r.offer(bag(1, 4), NOW, sent::add);
    r.offer(bag(1, 3), NOW, sent::add);
    assertEquals(List.of(1, 2, 2), sent.stream().map(RouterTest::worker).toList());
    r.offer(bag(0, 1), NOW, sent::add);
    assertEquals(0, worker(sent.get(3)), "ties go to this router's own worker");
  }

  @Test
  void aCameraBagGoesToARootHolderThatAlsoHoldsItsHeadingElseToAnyRootHolder() {
    Router r = new Router(KEYS, 0);
    List<RayBag> sent = new ArrayList<>();
    // Root on workers 0 and 1 (not 2), treelet 1 on 1 and 2, treelet 2 on 2 only.
    long until = NOW + 1000;
    r.apply(new Allocation(1, false, 3, new int[][] {{0, 1}, {1, 2}, {2}},
        new long[][] {{until, until}, {until, until}, {until}}), NOW, sent::add);
    r.offer(RayBag.camera(0, 0, 1, 400, 1), NOW, sent::add);
    r.offer(RayBag.camera(0, 1, 2, 400, 1), NOW, sent::add);
    assertEquals(List.of(1, 1), sent.stream().map(RouterTest::worker).toList(),
        "worker 1 holds both; worker 2 holds the heading but not the root, where camera rays start");
    r.offer(RayBag.camera(0, 2, 3, 400, 2), NOW, sent::add);
    r.offer(RayBag.camera(0, 3, 4, 400, RayBag.ROOT), NOW, sent::add);
    assertEquals(List.of(0, 0), sent.subList(2, 4).stream().map(RouterTest::worker).toList(),
        "no root holder has the heading, or none is given: the least loaded root holder");
    sent.clear();
    r.offer(RayBag.camera(0, 4, 5, 1, 1), until, sent::add); // every lease has run out: coordinator gone
    assertEquals(List.of(1), sent.stream().map(RouterTest::worker).toList());
  }

  @Test
  void bagsWithoutAHolderWaitUntilAnAllocationGivesThemOneAndStaleEpochsAreIgnored() {
    Router r = new Router(KEYS, 0);
    List<RayBag> sent = new ArrayList<>();
    r.offer(bag(1, 5), NOW, sent::add); // no allocation yet
    r.apply(new Allocation(2, false, 3, new int[][] {{0}, {}}), NOW, sent::add);
    r.offer(bag(1, 6), NOW, sent::add);
    assertEquals(0, sent.size());
    assertEquals(11, r.pendingRays());
    assertFalse(r.apply(new Allocation(2, false, 3, new int[][] {{0}, {2}}), NOW, sent::add), "same epoch");
    assertEquals(0, sent.size());
    r.apply(new Allocation(3, false, 3, new int[][] {{0}, {2}}), NOW, sent::add);
    assertEquals(2, sent.size());
    assertEquals(0, r.pendingRays());
  }

  @Test
  void pausedRoutingHoldsEverythingUntilContinued() {
    Router r = new Router(KEYS, 1);
    List<RayBag> sent = new ArrayList<>();
    r.apply(new Allocation(1, true, 3, new int[][] {{0, 1, 2}}), NOW, sent::add);
    r.offer(bag(0, 2), NOW, sent::add);
    assertEquals(3, sent.size(), "only the stop markers");
    r.apply(new Allocation(2, false, 3, new int[][] {{0, 1, 2}}), NOW, sent::add);
    assertEquals(4, sent.size());
    assertFalse(sent.get(3).isStopMarker());
  }

  @Test
  void anAllocationForAnotherWorkerCountIsRefused() {
    Router r = new Router(KEYS, 0);
    assertThrows(IllegalArgumentException.class,
        () -> r.apply(new Allocation(1, false, 2, new int[][] {{0}}), NOW, b -> { }));
  }

  @Test
  void bagsAreStampedWithTheirEpochRouterAndTime() {
    Router r = new Router(KEYS, 2);
    List<RayBag> sent = new ArrayList<>();
    r.apply(new Allocation(4, false, 3, new int[][] {{1}}), NOW, sent::add);
    r.offer(bag(0, 3), NOW + 5, sent::add);
    RayBag b = sent.get(0);
    assertEquals(4, b.epoch());
    assertEquals(2, b.origin());
    assertEquals(NOW + 5, b.sentMillis());
    assertEquals(KEYS.keyOf(1), b.workerKey());
  }

  @Test
  void expiredLeasesAreNotSentToAndWithNoValidHolderBagsWaitForARenewal() {
    Router r = new Router(KEYS, 0);
    List<RayBag> sent = new ArrayList<>();
    // Treelet 0: worker 1's lease ran out at NOW, worker 2's runs until NOW + 100. Treelet 1: only worker 1, expired.
    r.apply(new Allocation(1, false, 3, new int[][] {{1, 2}, {1}}, new long[][] {{NOW, NOW + 100}, {NOW}}), NOW,
        sent::add);
    r.offer(bag(0, 1), NOW, sent::add);
    r.offer(bag(0, 1), NOW, sent::add);
    assertEquals(List.of(2, 2), sent.stream().map(RouterTest::worker).toList(), "never the expired holder");
    r.offer(bag(1, 4), NOW, sent::add);
    assertEquals(2, sent.size());
    assertEquals(4, r.pendingRays());
    r.apply(new Allocation(2, false, 3, new int[][] {{1, 2}, {1}}, new long[][] {{NOW, NOW + 100}, {NOW + 900}}),
        NOW + 10, sent::add);
    assertEquals(1, worker(sent.get(2)), "the renewal lets the pending bag go");
    assertEquals(0, r.pendingRays());
  }

  @Test
  void aPausedAllocationSendsEveryWorkerAStopMarkerBehindWhatWasSentBefore() {
    Router r = new Router(KEYS, 1);
    List<RayBag> sent = new ArrayList<>();
    r.apply(new Allocation(1, false, 3, new int[][] {{0}}), NOW, sent::add);
    r.offer(bag(0, 2), NOW, sent::add);
    r.apply(new Allocation(2, true, 3, new int[][] {{0}}), NOW, sent::add);
    assertEquals(4, sent.size());
    assertFalse(sent.get(0).isStopMarker());
    for (int w = 0; w < 3; w++) {
      RayBag m = sent.get(1 + w);
      assertTrue(m.isStopMarker());
      assertEquals(2, m.epoch());
      assertEquals(1, m.origin());
      assertEquals(w, worker(m));
    }
    r.offer(bag(0, 2), NOW, sent::add);
    assertEquals(4, sent.size(), "nothing leaves while paused");
  }

  @Test
  void aMapWhoseEveryLeaseRanOutMeansTheCoordinatorIsGoneAndRoutingGoesOnByIt() {
    Router r = new Router(KEYS, 0);
    List<RayBag> sent = new ArrayList<>();
    r.apply(new Allocation(1, false, 3, new int[][] {{1}, {2}}, new long[][] {{NOW + 50}, {NOW + 100}}), NOW,
        sent::add);
    r.offer(bag(0, 1), NOW + 60, sent::add);
    assertEquals(0, sent.size(), "treelet 0's lease ran out while treelet 1's runs: a move, so wait");
    assertEquals(NOW + 100, r.retryAt(), "look again when the last lease runs out");
    r.retryPending(NOW + 100, sent::add);
    assertEquals(1, sent.size(), "no lease left anywhere: the coordinator is silent, keep tracing on its map");
    assertEquals(1, worker(sent.get(0)));
    assertEquals(Long.MAX_VALUE, r.retryAt(), "nothing pending");
  }
}
