package dev.treelet.operators.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.operators.wire.RayBag;
import dev.treelet.tracer.ray.RayBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final WorkerKeys KEYS = new WorkerKeys(3, 128);

  private static RayBag bag(int treelet, int rays) {
    RayBatch b = new RayBatch(rays);
    for (int i = 0; i < rays; i++) {
      b.add();
      b.setInt(i, RayBatch.STACK_SIZE, 0);
    }
    return new RayBag(treelet, -1, b);
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
    r.apply(new Allocation(1, false, 3, new int[][] {{0, 1, 2}, {1, 2}}), sent::add);
    r.offer(bag(1, 10), sent::add);
    r.offer(bag(1, 4), sent::add);
    r.offer(bag(1, 3), sent::add);
    assertEquals(List.of(1, 2, 2), sent.stream().map(RouterTest::worker).toList());
    r.offer(bag(0, 1), sent::add);
    assertEquals(0, worker(sent.get(3)), "ties go to this router's own worker");
  }

  @Test
  void bagsWithoutAHolderWaitUntilAnAllocationGivesThemOneAndStaleEpochsAreIgnored() {
    Router r = new Router(KEYS, 0);
    List<RayBag> sent = new ArrayList<>();
    r.offer(bag(1, 5), sent::add); // no allocation yet
    r.apply(new Allocation(2, false, 3, new int[][] {{0}, {}}), sent::add);
    r.offer(bag(1, 6), sent::add);
    assertEquals(0, sent.size());
    assertEquals(11, r.pendingRays());
    assertFalse(r.apply(new Allocation(2, false, 3, new int[][] {{0}, {2}}), sent::add), "same epoch");
    assertEquals(0, sent.size());
    r.apply(new Allocation(3, false, 3, new int[][] {{0}, {2}}), sent::add);
    assertEquals(2, sent.size());
    assertEquals(0, r.pendingRays());
  }

  @Test
  void pausedRoutingHoldsEverythingUntilContinued() {
    Router r = new Router(KEYS, 1);
    List<RayBag> sent = new ArrayList<>();
    r.apply(new Allocation(1, true, 3, new int[][] {{0, 1, 2}}), sent::add);
    r.offer(bag(0, 2), sent::add);
    assertEquals(0, sent.size());
    r.apply(new Allocation(2, false, 3, new int[][] {{0, 1, 2}}), sent::add);
    assertEquals(1, sent.size());
  }

  @Test
  void anAllocationForAnotherWorkerCountIsRefused() {
    Router r = new Router(KEYS, 0);
    assertThrows(IllegalArgumentException.class,
        () -> r.apply(new Allocation(1, false, 2, new int[][] {{0}}), b -> { }));
  }
}
