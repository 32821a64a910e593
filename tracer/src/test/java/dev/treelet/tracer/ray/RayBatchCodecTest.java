package dev.treelet.tracer.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RayBatchCodecTest {
  @Test
  void roundTripKeepsEveryFieldAndOnlyTheUsedStack() {
    RayBatch b = new RayBatch(2);
    for (int i = 0; i < 5; i++) {
      int r = b.add();
      for (int f = 0; f < RayBatch.HEADER; f++) {
        b.setInt(r, f, 1000 * i + f);
      }
      b.setInt(r, RayBatch.STACK_SIZE, i);
      for (int e = 0; e < 3 * i; e++) {
        b.setInt(r, RayBatch.STACK + e, -e - i);
      }
    }
    byte[] bytes = RayBatchCodec.encode(b);
    assertEquals(4 + 5 * 4 * RayBatch.HEADER + 12 * (0 + 1 + 2 + 3 + 4), bytes.length);
    RayBatch back = RayBatchCodec.decode(bytes);
    assertEquals(5, back.size());
    for (int r = 0; r < 5; r++) {
      for (int f = 0; f < RayBatch.HEADER + 3 * r; f++) {
        assertEquals(b.getInt(r, f), back.getInt(r, f), "ray " + r + " field " + f);
      }
    }
  }

  @Test
  void aDamagedBatchIsRefusedWithAReason() {
    RayBatch b = new RayBatch();
    b.resetTraversal(b.add());
    byte[] bytes = RayBatchCodec.encode(b);
    bytes[4 + 4 * RayBatch.STACK_SIZE] = 100; // a stack larger than any ray can have
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RayBatchCodec.decode(bytes));
    assertEquals("ray 0 of a batch has a stack of 100 entries", e.getMessage());
  }

  @Test
  void countChecksTheWholeEncodingWithoutDecoding() {
    RayBatch b = new RayBatch();
    for (int i = 0; i < 3; i++) {
      b.resetTraversal(b.add());
    }
    byte[] bytes = RayBatchCodec.encode(b);
    assertEquals(3, RayBatchCodec.count(bytes));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RayBatchCodec.count(cut));
    assertEquals("ray batch claims 3 rays but ends inside the last one's stack", e.getMessage());
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 4);
    e = assertThrows(IllegalArgumentException.class, () -> RayBatchCodec.count(longer));
    assertEquals("ray batch of 3 rays is followed by 4 more bytes", e.getMessage());
  }

  @Test
  void decodeIntoAppendsToAReusedBatch() {
    RayBatch b = new RayBatch();
    for (int i = 0; i < 2; i++) {
      int r = b.add();
      b.resetTraversal(r);
      b.setInt(r, RayBatch.PIXEL, 7 + i);
    }
    byte[] bytes = RayBatchCodec.encode(b);
    RayBatch into = new RayBatch(1);
    RayBatchCodec.decodeInto(bytes, into);
    RayBatchCodec.decodeInto(bytes, into);
    assertEquals(4, into.size());
    assertEquals(8, into.getInt(3, RayBatch.PIXEL));
    assertEquals(b.getInt(1, RayBatch.STACK_SIZE), into.getInt(3, RayBatch.STACK_SIZE));
  }
}
