package dev.treelet.coordinator.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.protocol.Allocation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BarrierProtocolTest {
  private static Allocation map(long epoch, int[]... holders) {
    return new Allocation(epoch, false, 2, holders);
  }

  private static ChangeProtocol.Acks acks(long applied0, long applied1, long drained0, long drained1) {
    return new ChangeProtocol.Acks(new long[] {applied0, applied1}, new long[] {drained0, drained1});
  }

  @Test
  void stopAckApplyAckContinue() {
    BarrierProtocol b = new BarrierProtocol(1000);
    Allocation published = map(4, new int[] {0, 1}, new int[] {0});
    Allocation desired = map(0, new int[] {0, 1}, new int[] {1});
    assertNull(b.step(0, published, published, acks(4, 4, -1, -1)), "nothing to change");

    Allocation stop = b.step(0, desired, published, acks(4, 4, -1, -1)).publish();
    assertTrue(stop.paused());
    assertTrue(stop.sameHolders(published), "stop first, with the old map");
    assertEquals(5, stop.epoch());
    assertNull(b.step(10, desired, stop, acks(5, 5, 5, -1)), "worker 1 has not drained yet");

    Allocation apply = b.step(20, desired, stop, acks(5, 5, 5, 5)).publish();
    assertTrue(apply.paused());
    assertTrue(apply.sameHolders(desired));
    assertNull(b.step(30, desired, apply, acks(6, 5, 5, 5)), "worker 1 has not applied yet");

    Allocation go = b.step(40, desired, apply, acks(6, 6, 5, 5)).publish();
    assertFalse(go.paused());
    assertArrayEquals(new int[] {1}, go.holders(1));
    assertEquals("Steady", b.state());
  }

  @Test
  void aLateAckForAnOlderEpochDoesNotCountAndALostOneIsAskedForAgain() {
    BarrierProtocol b = new BarrierProtocol(1000);
    Allocation published = map(4, new int[] {0, 1}, new int[] {0});
    Allocation desired = map(0, new int[] {0, 1}, new int[] {1});
    Allocation stop = b.step(0, desired, published, acks(4, 4, -1, -1)).publish();
    assertNull(b.step(500, desired, stop, acks(4, 4, 4, 4)), "acks for epoch 4 are late ones");
    ChangeProtocol.Step again = b.step(1001, desired, stop, acks(4, 4, 5, -1));
    assertEquals(6, again.publish().epoch());
    assertTrue(again.publish().paused());
    assertEquals("Stopping(6)", b.state());
    assertNull(b.step(1100, desired, again.publish(), acks(5, 5, 5, 5)), "epoch 5 acks no longer count");
    assertTrue(b.step(1200, desired, again.publish(), acks(6, 6, 6, 6)).publish().sameHolders(desired));
  }

  /**
   * Seeded simulation: workers ack at random delays, some acks get lost (the worker only acks the
   * next re-publication), the desired map changes at random. Whatever happens, routing is continued
   * only with every worker having applied the map it continues with, and every change completes.
   */
  @Test
  void randomAckDelaysAndLossesNeverContinueEarlyAndNeverStall() {
    for (long seed = 0; seed < 50; seed++) {
      Random rnd = new Random(seed);
      BarrierProtocol b = new BarrierProtocol(300);
      Allocation published = map(1, new int[] {0, 1}, new int[] {0});
      Allocation desired = published;
      long[] applied = {1, 1};
      long[] drained = {-1, -1};
      long[] seenAt = {0, 0};
      int changes = 0;
      for (long now = 0; now < 60_000; now += 10) {
        if (now < 50_000 && rnd.nextInt(200) == 0 && b.state().equals("Steady")) {
          desired = map(0, new int[] {0, 1}, new int[] {rnd.nextInt(2)});
          changes++;
        }
        for (int w = 0; w < 2; w++) {
          if (applied[w] < published.epoch() && now >= seenAt[w] && rnd.nextInt(10) != 0) { // 1 in 10 lost
            applied[w] = published.epoch();
            if (published.paused()) {
              drained[w] = published.epoch();
            }
          }
        }
        ChangeProtocol.Step s = b.step(now, desired, published, new ChangeProtocol.Acks(applied.clone(),
            drained.clone()));
        if (s != null) {
          if (published.paused() && !s.publish().paused()) {
            assertTrue(applied[0] >= published.epoch() && applied[1] >= published.epoch(), "continued early");
          }
          published = s.publish();
          seenAt[0] = now + rnd.nextInt(400);
          seenAt[1] = now + rnd.nextInt(400);
        }
      }
      assertEquals("Steady", b.state(), "seed " + seed);
      assertTrue(published.sameHolders(desired) && !published.paused(), "seed " + seed + " after " + changes);
    }
  }
}
