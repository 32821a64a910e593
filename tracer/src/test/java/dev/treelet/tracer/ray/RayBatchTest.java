package dev.treelet.tracer.ray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Records have room for a few stack entries; deeper stacks move their record, never touch others. */
class RayBatchTest {
  @Test
  void aStackDeeperThanItsRoomMovesTheRecordAndLeavesTheOthersIntact() {
    RayBatch b = new RayBatch(2);
    for (int i = 0; i < 3; i++) {
      int r = b.add();
      b.setInt(r, RayBatch.PIXEL, 100 + i);
      b.storeStack(r, stack(i, 2), 2);
    }
    int deep = RayBatch.STACK_ROOM * 3 + 1; // past the first growth (twice the room) too
    b.storeStack(0, stack(7, deep), deep); // not the last record: it moves to the end
    b.storeStack(2, stack(9, RayBatch.MAX_STACK), RayBatch.MAX_STACK); // the last record: grows in place
    int[] into = new int[3 * RayBatch.MAX_STACK];
    assertEquals(deep, b.loadStack(0, into));
    assertArrayEquals(stack(7, deep), Arrays.copyOf(into, 3 * deep));
    assertEquals(2, b.loadStack(1, into));
    assertArrayEquals(stack(1, 2), Arrays.copyOf(into, 6));
    assertEquals(RayBatch.MAX_STACK, b.loadStack(2, into));
    assertArrayEquals(stack(9, RayBatch.MAX_STACK), into);
    for (int i = 0; i < 3; i++) {
      assertEquals(100 + i, b.getInt(i, RayBatch.PIXEL), "ray " + i + "'s header");
    }
    RayBatch copy = new RayBatch(1);
    copy.addCopy(b, 0);
    assertEquals(deep, copy.loadStack(0, into), "a copy gets room for the whole stack");
    assertArrayEquals(stack(7, deep), Arrays.copyOf(into, 3 * deep));
  }

  @Test
  void removeSwapMovesTheLastRayIntoTheGapAndClearEmptiesTheBatch() {
    RayBatch b = new RayBatch(4);
    for (int i = 0; i < 4; i++) {
      int r = b.add();
      b.setInt(r, RayBatch.PIXEL, i);
      b.storeStack(r, stack(i, 1 + i), 1 + i);
    }
    b.removeSwap(1);
    b.removeSwap(b.size() - 1);
    assertEquals(2, b.size());
    assertEquals(0, b.getInt(0, RayBatch.PIXEL));
    assertEquals(3, b.getInt(1, RayBatch.PIXEL));
    int[] into = new int[3 * RayBatch.MAX_STACK];
    assertEquals(4, b.loadStack(1, into));
    assertArrayEquals(stack(3, 4), Arrays.copyOf(into, 12));
    long bytes = b.capacityBytes();
    b.clear();
    for (int i = 0; i < 4; i++) {
      b.add();
    }
    assertEquals(bytes, b.capacityBytes(), "a cleared batch reuses its space");
  }

  private static int[] stack(int seed, int entries) {
    int[] s = new int[3 * entries];
    for (int k = 0; k < s.length; k++) {
      s[k] = 1000 * seed + k;
    }
    return s;
  }
}
