package dev.treelet.coordinator.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.treelet.coordinator.protocol.Allocation;
import org.junit.jupiter.api.Test;

class LeaseProtocolTest {
  private static final ChangeProtocol.Acks NONE = ChangeProtocol.Acks.none(2);
  private final LeaseProtocol leases = new LeaseProtocol(1000, 400, 200);

  private static Allocation map(int[]... holders) {
    return new Allocation(1, false, 2, holders);
  }

  @Test
  void entriesGetLeasesThatAreRenewedBeforeTheyRunLow() {
    Allocation desired = map(new int[] {0, 1}, new int[] {1});
    Allocation p = leases.step(0, desired, desired, NONE).publish();
    assertEquals(2, p.epoch());
    assertEquals(1000, p.until(0, 0));
    assertNull(leases.step(300, desired, p, NONE), "600 ms still left: no renewal yet");
    Allocation renewed = leases.step(401, desired, p, NONE).publish();
    assertEquals(1401, renewed.until(1, 0));
    assertEquals(3, renewed.epoch());
  }

  @Test
  void aMovedTreeletHasBothHoldersUntilTheOldLeaseExpiresPlusGrace() {
    Allocation start = leases.step(0, map(new int[] {0, 1}, new int[] {0}), map(new int[] {0, 1}, new int[] {0}),
        NONE).publish();
    Allocation moved = map(new int[] {0, 1}, new int[] {1});
    Allocation both = leases.step(100, moved, start, NONE).publish();
    assertArrayEquals(new int[] {0, 1}, both.holders(1));
    assertEquals(1000, both.until(1, 0), "the old entry is not renewed");
    assertEquals(1100, both.until(1, 1), "the new one is valid at once");
    Allocation later = both;
    for (long now = 200; now < 1200; now += 100) {
      ChangeProtocol.Step s = leases.step(now, moved, later, NONE);
      if (s != null) {
        later = s.publish();
      }
      assertEquals(2, later.holders(1).length, "still retiring at " + now);
    }
    Allocation gone = leases.step(1200, moved, later, NONE).publish();
    assertArrayEquals(new int[] {1}, gone.holders(1));
  }

  @Test
  void aMapFromBeforeLeasesRetiresGently() {
    Allocation old = map(new int[] {0, 1}, new int[] {0});
    Allocation next = leases.step(50, map(new int[] {0, 1}, new int[] {1}), old, NONE).publish();
    assertArrayEquals(new int[] {0, 1}, next.holders(1));
    assertEquals(1050, next.until(1, 0));
  }

  @Test
  void leasesMustOutliveTheirRenewal() {
    assertThrows(IllegalArgumentException.class, () -> new LeaseProtocol(100, 100, 0));
  }
}
