package dev.treelet.coordinator.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.protocol.Allocation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StaticPlacementTest {
  private static long used(Allocation a, long[] sizes, int w) {
    long s = 0;
    for (int t : a.treeletsOf(w)) {
      s += sizes[t];
    }
    return s;
  }

  @Test
  void everyTreeletIsPlacedNoBudgetIsExceededAndTheRootIsEverywhere() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(40);
      int workers = 1 + rnd.nextInt(6);
      long[] sizes = new long[n];
      long total = 0;
      for (int t = 0; t < n; t++) {
        sizes[t] = 100 + rnd.nextInt(1000);
        total += sizes[t];
      }
      long budget = Math.max(sizes[0] + 1100, total / workers * 2);
      Allocation a = StaticPlacement.place(sizes, workers, budget, 1);
      for (int t = 0; t < n; t++) {
        assertTrue(a.holders(t).length >= 1, "treelet " + t + " has a holder");
      }
      assertEquals(workers, a.holders(0).length, "the root treelet is on every worker");
      for (int w = 0; w < workers; w++) {
        assertTrue(used(a, sizes, w) <= budget, "worker " + w + " within budget");
      }
    }
  }

  @Test
  void spareMemoryBecomesReplicas() {
    long[] sizes = {10, 20, 30};
    Allocation a = StaticPlacement.place(sizes, 3, 60, 1);
    for (int t = 0; t < 3; t++) {
      assertEquals(3, a.holders(t).length);
    }
  }

  @Test
  void aSceneThatCannotFitIsRefusedWithWhatToChange() {
    PlacementException e = assertThrows(PlacementException.class,
        () -> StaticPlacement.place(new long[] {50, 50, 50}, 2, 60, 1));
    assertTrue(e.getMessage().contains("--worker-memory"), e.getMessage());
  }
}
