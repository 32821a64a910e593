package dev.treelet.coordinator.allocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.protocol.Allocation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DynamicPolicyTest {
  private static final long[] SIZES = {100, 100, 100, 100};

  private static Allocation map(int workers, int[]... holders) {
    return new Allocation(5, false, workers, holders);
  }

  private static AllocationDraft decide(Allocation a, Load load, long[] sizes, long budget) {
    AllocationDraft d = new AllocationDraft(a, sizes, budget);
    new DynamicPolicy().decide(d, load);
    return d;
  }

  @Test
  void anIdleWorkerTakesTheTreeletWithTheMostRaysWaitingPerCopy() {
    Allocation a = map(3, new int[] {0, 1, 2}, new int[] {0}, new int[] {1}, new int[] {2});
    Load load = new Load(new double[] {0, 5000, 9000, 0}, new double[] {1, 1, 0.1}, 1000);
    AllocationDraft d = decide(a, load, SIZES, 1000);
    assertArrayEquals(new int[] {1, 2}, d.holdersOf(2), d.changes().toString());
    assertArrayEquals(new int[] {0}, d.holdersOf(1), "busy workers take nothing");
  }

  @Test
  void rayWaitingThatHoldersClearWithinAPeriodMovesNothing() {
    Allocation a = map(2, new int[] {0, 1}, new int[] {0}, new int[] {0}, new int[] {0});
    Load load = new Load(new double[] {0, 900, 900, 900}, new double[] {1, 0}, 1000);
    assertTrue(decide(a, load, SIZES, 1000).changes().isEmpty());
  }

  @Test
  void roomIsMadeByDroppingColdCopiesNeverALastCopy() {
    // Worker 1 is full: it holds treelet 0 (cold, also on worker 0) and treelet 3 (its only copy).
    Allocation a = map(2, new int[] {0, 1}, new int[] {0}, new int[] {0}, new int[] {1});
    Load load = new Load(new double[] {10, 50_000, 0, 0}, new double[] {1, 0}, 1000);
    AllocationDraft d = decide(a, load, SIZES, 200);
    assertArrayEquals(new int[] {0, 1}, d.holdersOf(1), d.changes().toString());
    assertArrayEquals(new int[] {0}, d.holdersOf(0));
    assertArrayEquals(new int[] {1}, d.holdersOf(3));
  }

  @Test
  void aWorkerWithNoColdCopyToGiveUpTakesNothing() {
    Allocation a = map(2, new int[] {0}, new int[] {0}, new int[] {1}, new int[] {1});
    Load load = new Load(new double[] {0, 50_000, 0, 0}, new double[] {1, 0}, 1000);
    assertTrue(decide(a, load, SIZES, 200).changes().isEmpty());
  }

  @Test
  void pinnedTreeletsAndDrainedWorkersAreLeftAlone() {
    Allocation a = map(3, new int[] {0, 1, 2}, new int[] {0}, new int[] {1}, new int[] {2});
    Load load = new Load(new double[] {0, 9000, 5000, 0}, new double[] {1, 1, 0}, 1000);
    AllocationDraft d = new AllocationDraft(a, SIZES, 1000);
    d.pin(1);
    new DynamicPolicy().decide(d, load);
    assertArrayEquals(new int[] {0}, d.holdersOf(1), "pinned");
    assertArrayEquals(new int[] {1, 2}, d.holdersOf(2), "the next hottest instead");
    AllocationDraft drained = new AllocationDraft(a, SIZES, 1000);
    drained.drain(2);
    new DynamicPolicy().decide(drained, load);
    assertTrue(drained.changes().isEmpty(), drained.changes().toString());
  }

  @Test
  void randomLoadNeverBreaksABudgetOrLeavesATreeletWithoutAHolder() {
    Random rnd = new Random(9);
    for (int trial = 0; trial < 300; trial++) {
      int workers = 1 + rnd.nextInt(8);
      int n = 2 + rnd.nextInt(30);
      long[] sizes = new long[n];
      long total = 0;
      for (int t = 0; t < n; t++) {
        sizes[t] = 10 + rnd.nextInt(90);
        total += sizes[t];
      }
      long budget = (long) (total * (1 + rnd.nextDouble() * 2) / workers) + 2 * sizes[0] + 100;
      Allocation a = StaticPlacement.place(sizes, workers, budget, 1);
      for (int round = 0; round < 5; round++) {
        double[] waiting = new double[n];
        for (int t = 0; t < n; t++) {
          waiting[t] = rnd.nextInt(4) == 0 ? rnd.nextInt(100_000) : 0;
        }
        double[] busy = new double[workers];
        for (int w = 0; w < workers; w++) {
          busy[w] = rnd.nextDouble();
        }
        a = decide(a, new Load(waiting, busy, 1000), sizes, budget).build(a.epoch() + 1);
        for (int t = 0; t < n; t++) {
          assertTrue(a.holders(t).length > 0, "treelet " + t + " lost its last holder");
        }
        for (int w = 0; w < workers; w++) {
          long used = 0;
          for (int t : a.treeletsOf(w)) {
            used += sizes[t];
          }
          assertTrue(used <= budget, "worker " + w + " holds " + used + " > " + budget);
        }
      }
    }
  }
}
