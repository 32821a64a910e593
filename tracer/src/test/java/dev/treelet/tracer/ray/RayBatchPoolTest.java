package dev.treelet.tracer.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RayBatchPoolTest {
  @Test
  void aGivenBatchComesBackEmptyAndThePoolKeepsNoMoreThanItsMax() {
    RayBatchPool pool = new RayBatchPool(1);
    RayBatch a = pool.take();
    a.resetTraversal(a.add());
    RayBatch b = pool.take();
    pool.give(a);
    pool.give(b); // beyond the pool's one: dropped
    RayBatch again = pool.take();
    assertSame(a, again);
    assertEquals(0, again.size());
    assertNotSame(b, pool.take());
  }
}
