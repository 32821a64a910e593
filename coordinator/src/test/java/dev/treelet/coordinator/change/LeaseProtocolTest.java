package dev.treelet.coordinator.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.protocol.Allocation;
import org.junit.jupiter.api.Test;

class LeaseProtocolTest {
  private static final ChangeProtocol.Acks NONE = ChangeProtocol.Acks.none(2);
  private final LeaseProtocol leases = new LeaseProtocol(1000, 400, 200, new long[] {100, 100}, 1000);

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
  void aMovedTreeletsOldCopyIsRevokedAtOnceAndFreedAGraceLater() {
    Allocation start = leases.step(0, map(new int[] {0, 1}, new int[] {0}), map(new int[] {0, 1}, new int[] {0}),
        NONE).publish();
    Allocation moved = map(new int[] {0, 1}, new int[] {1});
    Allocation both = leases.step(100, moved, start, NONE).publish();
    assertArrayEquals(new int[] {0, 1}, both.holders(1));
    assertEquals(100, both.until(1, 0), "revoked: routers stop sending to it now");
    assertEquals(1100, both.until(1, 1), "the new one is valid at once");
    Allocation later = both;
    for (long now = 150; now < 300; now += 50) {
      ChangeProtocol.Step s = leases.step(now, moved, later, NONE);
      if (s != null) {
        later = s.publish();
      }
      assertEquals(2, later.holders(1).length, "still held through the grace, at " + now);
      assertEquals(100, later.until(1, 0), "a revoked entry is never renewed");
    }
    Allocation gone = leases.step(300, moved, later, NONE).publish();
    assertArrayEquals(new int[] {1}, gone.holders(1));
  }

  @Test
  void aMapFromBeforeLeasesIsRevokedLikeAnyOther() {
    Allocation old = map(new int[] {0, 1}, new int[] {0});
    Allocation next = leases.step(50, map(new int[] {0, 1}, new int[] {1}), old, NONE).publish();
    assertArrayEquals(new int[] {0, 1}, next.holders(1));
    assertEquals(50, next.until(1, 0));
  }

  @Test
  void leasesMustOutliveTheirRenewal() {
    assertThrows(IllegalArgumentException.class, () -> new LeaseProtocol(100, 100, 0, new long[0], 0));
  }

  @Test
  void anAdditionWaitsUntilARetiringCopyHasFreedItsRoom() {
    // Budget 100: each worker holds one treelet; swapping them needs each old copy gone first.
    LeaseProtocol tight = new LeaseProtocol(1000, 400, 200, new long[] {100, 100}, 100);
    Allocation start = tight.step(0, map(new int[] {0}, new int[] {1}), map(new int[] {0}, new int[] {1}), NONE)
        .publish();
    Allocation swapped = map(new int[] {1}, new int[] {0});
    Allocation p = start;
    for (long now = 100; now < 300; now += 50) {
      ChangeProtocol.Step s = tight.step(now, swapped, p, NONE);
      if (s != null) {
        p = s.publish();
      }
      assertEquals(1, p.treeletsOf(0).size(), "worker 0 never holds both at " + now);
      assertEquals(1, p.treeletsOf(1).size(), "worker 1 never holds both at " + now);
    }
    p = tight.step(300, swapped, p, NONE).publish();
    assertTrue(p.sameHolders(swapped), "both old copies freed a grace after their revocation: " + p);
  }
}
