package dev.treelet.operators.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.operators.wire.TileImage;
import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import org.junit.jupiter.api.Test;

class TileLedgerTest {
  private final TilePlan plan = new TilePlan(3, 2, 2); // tile 0: 2x2, tile 1: 1x2
  private final TileLedger ledger = new TileLedger(plan, 2);

  @Test
  void aTileCompletesOnlyWhenEveryPathAndEveryShadowRayItSpawnedIsIn() {
    // tile 1 holds pixels 2 and 5; two samples each
    TileImage t = ledger.empty(1);
    t = ledger.add(t, new TileSamples(1, 3, 2, 0, new int[] {2, 5}, new int[] {2, 1}, new long[] {1, 2, 3, 4, 5, 6}));
    assertFalse(t.complete());
    t = ledger.add(t, new TileSamples(1, 1, 0, 1, new int[] {5}, new int[] {1}, new long[] {1, 1, 1}));
    assertFalse(t.complete(), "all paths are in but one shadow ray is still out");
    assertEquals(1, t.shadowBalance());
    t = ledger.add(t, new TileSamples(1, 0, 0, 1, new int[] {2}, new int[] {0}, new long[] {10, 0, 0}));
    assertTrue(t.complete());
    assertEquals(11, t.sums()[0]); // pixel 2 is the tile's first pixel
    assertEquals(5, t.sums()[3]);
    assertEquals(2, t.counts()[0]);
    assertEquals(2, t.counts()[1]);
    TileImage done = t;
    assertThrows(IllegalStateException.class,
        () -> ledger.add(done, new TileSamples(1, 0, 0, 1, new int[0], new int[0], new long[0])));
  }

  @Test
  void aSampleCountedTwiceFailsLoudly() {
    TileImage t = ledger.add(ledger.empty(0),
        new TileSamples(0, 2, 0, 0, new int[] {0}, new int[] {2}, new long[] {0, 0, 0}));
    TileImage again = t;
    assertThrows(IllegalStateException.class,
        () -> ledger.add(again, new TileSamples(0, 1, 0, 0, new int[] {0}, new int[] {1}, new long[] {0, 0, 0})));
  }
}
