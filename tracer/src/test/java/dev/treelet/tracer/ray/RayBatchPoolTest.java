package dev.treelet.tracer.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RayBatchPoolTest {
  private static final long FRESH = new RayBatchPool(0).take().capacityBytes();

  @Test
  void aGivenBatchComesBackEmptyAndThePoolKeepsNoMoreBytesThanItsMax() {
    RayBatchPool pool = new RayBatchPool(FRESH); // room for one fresh batch
    RayBatch a = pool.take();
    a.resetTraversal(a.add());
    RayBatch b = pool.take();
    pool.give(a);
    pool.give(b); // beyond the pool's bytes: dropped
    RayBatch again = pool.take();
    assertSame(a, again);
    assertEquals(0, again.size());
    assertNotSame(b, pool.take());
  }

  @Test
  void aGrownBatchCountsByItsCapacity() {
    RayBatchPool pool = new RayBatchPool(2 * FRESH);
    RayBatch grown = pool.take();
    while (grown.capacityBytes() <= 2 * FRESH) {
      grown.resetTraversal(grown.add());
    }
    pool.give(grown); // bigger than the whole pool: dropped
    assertNotSame(grown, pool.take());
    RayBatch small = new RayBatch(1);
    pool.give(small);
    assertSame(small, pool.take());
  }
}
