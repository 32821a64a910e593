package dev.treelet.coordinator.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AllocationTest {
  private static byte[] bytes(Allocation a) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    a.write(new DataOutputStream(out));
    return out.toByteArray();
  }

  private static Allocation read(byte[] b) throws IOException {
    return Allocation.read(new DataInputStream(new ByteArrayInputStream(b)));
  }

  @Test
  void roundTripsAndAnswersWhoHoldsWhat() throws IOException {
    Allocation a = new Allocation(7, true, 3, new int[][] {{2, 0}, {1}, {}});
    Allocation b = read(bytes(a));
    assertEquals(a, b);
    assertTrue(b.paused());
    assertTrue(b.holds(0, 0) && b.holds(2, 0) && !b.holds(1, 0));
    assertEquals(java.util.List.of(0), b.treeletsOf(2));
  }

  @Test
  void unknownWorkersDuplicatesAndTruncatedPayloadsAreRefusedByName() throws IOException {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> new Allocation(1, false, 2, new int[][] {{0, 5}}));
    assertTrue(unknown.getMessage().contains("worker 5"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Allocation(1, false, 2, new int[][] {{1, 1}}));
    byte[] good = bytes(new Allocation(1, false, 2, new int[][] {{0, 1}, {1}}));
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = Arrays.copyOf(good, cut);
      assertThrows(IOException.class, () -> read(truncated), "cut at " + cut);
    }
  }
}
