package dev.treelet.coordinator.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.protocol.Allocation;
import java.util.Arrays;
import java.util.List;
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
  void eachWorkerHoldsARunOfNeighbouringTreeletsStartingItsShareOfTheWayRound() {
    long[] sizes = new long[13];
    Arrays.fill(sizes, 10); // treelets 1..12 in a circle of 120 bytes; each worker has room for 6 beside 0
    Allocation a = StaticPlacement.place(sizes, 3, 70, 1);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), sorted(a.treeletsOf(0)));
    assertEquals(List.of(0, 5, 6, 7, 8, 9, 10), sorted(a.treeletsOf(1)), "starts 40 bytes round");
    assertEquals(List.of(0, 1, 2, 9, 10, 11, 12), sorted(a.treeletsOf(2)), "starts 80 bytes round, wraps");
  }

  @Test
  void budgetsThatRunsLeaveAGapInArePackedInstead() {
    // Runs: worker 0 takes 1 and 2 (90 of 100), worker 1 from byte 100 takes 3 but not 4: 4 fits nowhere.
    long[] sizes = {1, 30, 60, 40, 70};
    Allocation a = StaticPlacement.place(sizes, 2, 101, 1);
    for (int t = 0; t < sizes.length; t++) {
      assertTrue(a.holders(t).length >= 1, "treelet " + t + " has a holder");
    }
    for (int w = 0; w < 2; w++) {
      assertTrue(used(a, sizes, w) <= 101, "worker " + w + " within budget: " + used(a, sizes, w));
    }
  }

  private static List<Integer> sorted(List<Integer> treelets) {
    return treelets.stream().sorted().toList();
  }

  @Test
  void aSceneThatCannotFitIsRefusedWithWhatToChange() {
    PlacementException e = assertThrows(PlacementException.class,
        () -> StaticPlacement.place(new long[] {50, 50, 50}, 2, 60, 1));
    assertTrue(e.getMessage().contains("--worker-memory"), e.getMessage());
  }
}
