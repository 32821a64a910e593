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

  @Test
  void takeForRaysGivesTheSmallestSpareThatFitsElseOneOfThatSize() {
    RayBatchPool pool = new RayBatchPool(Long.MAX_VALUE);
    RayBatch small = new RayBatch(64);
    RayBatch big = new RayBatch(2048);
    RayBatch fits = new RayBatch(1024);
    pool.give(small);
    pool.give(big);
    pool.give(fits);
    assertSame(fits, pool.take(1000));
    assertSame(big, pool.take(1000));
    RayBatch fresh = pool.take(1000);
    assertNotSame(small, fresh);
    assertEquals(1000, fresh.capacity());
    assertSame(small, pool.take(10));
  }
}
