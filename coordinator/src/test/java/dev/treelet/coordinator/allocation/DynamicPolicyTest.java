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

  /** The load where every copy of a treelet had an even part of its rays (no chains). */
  private static Load evenly(Allocation a, double[] waiting, double[] busy, double raysPerPeriod) {
    double[] share = new double[a.workers()];
    for (int t = 0; t < waiting.length; t++) {
      for (int w : a.holders(t)) {
        share[w] += waiting[t] / a.holders(t).length;
      }
    }
    return new Load(waiting, share, busy, raysPerPeriod);
  }

  @Test
  void anIdleWorkerTakesTheTreeletWithTheMostRaysWaitingPerCopy() {
    Allocation a = map(3, new int[] {0, 1, 2}, new int[] {0}, new int[] {1}, new int[] {2});
    Load load = evenly(a, new double[] {0, 5000, 9000, 0}, new double[] {1, 1, 0.1}, 1000);
    AllocationDraft d = decide(a, load, SIZES, 1000);
    assertArrayEquals(new int[] {1, 2}, d.holdersOf(2), d.changes().toString());
    assertArrayEquals(new int[] {0}, d.holdersOf(1), "busy workers take nothing");
  }

  @Test
  void waitingSpreadEvenlyOverTheWorkersMovesNothing() {
    Allocation a = map(2, new int[] {0, 1}, new int[] {0}, new int[] {1}, new int[] {1});
    Load load = evenly(a, new double[] {0, 900, 450, 450}, new double[] {1, 0.5}, 1000);
    assertTrue(decide(a, load, SIZES, 1000).changes().isEmpty());
  }

  @Test
  void aChainOneHolderKeepsIsSeenByWhatEachWorkerHad() {
    // Both workers hold treelets 1 and 2, only worker 0 holds 3. Rays that reach 1 or 2 on worker 0
    // go on into 3 there and come back without queueing anywhere else, so worker 0 had 2000 rays of
    // work and worker 1 had 200. Split evenly over the copies the waiting rays would look balanced
    // (1200 vs 1000, fair 1100) and nothing would move.
    Allocation a = map(2, new int[] {0, 1}, new int[] {0, 1}, new int[] {0, 1}, new int[] {0});
    double[] waiting = {0, 1000, 1000, 200};
    double[] busy = {0.95, 0.25};
    assertTrue(decide(a, evenly(a, waiting, busy, 1000), SIZES, 1000).changes().isEmpty(), "the even guess");
    AllocationDraft d = decide(a, new Load(waiting, new double[] {2000, 200}, busy, 1000), SIZES, 1000);
    assertArrayEquals(new int[] {0, 1}, d.holdersOf(3), d.changes().toString());
  }

  @Test
  void workersAllShortOfWorkTradeNoTreelets() {
    // Worker 0 had most of the work but was itself only half busy: the loop was short of rays, not
    // worker 0 of time. A copy on worker 1 would not finish anything sooner.
    Allocation a = map(2, new int[] {0, 1}, new int[] {0}, new int[] {0}, new int[] {1});
    double[] waiting = {0, 900, 900, 100};
    assertTrue(decide(a, evenly(a, waiting, new double[] {0.5, 0.3}, 1000), SIZES, 1000).changes().isEmpty());
    AllocationDraft busy = decide(a, evenly(a, waiting, new double[] {0.9, 0.3}, 1000), SIZES, 1000);
    assertTrue(busy.copies(1) + busy.copies(2) > 2, "with worker 0 busy they spread: " + busy.changes());
  }

  @Test
  void warmTreeletsPackedOnOneWorkerAreSpreadUntilTheIdleOneHasItsFairShare() {
    // No treelet alone is more than a period's work, but worker 0 has 2.7 periods waiting and worker 1 none.
    Allocation a = map(2, new int[] {0, 1}, new int[] {0}, new int[] {0}, new int[] {0});
    Load load = evenly(a, new double[] {0, 900, 900, 900}, new double[] {1, 0}, 1000);
    AllocationDraft d = decide(a, load, SIZES, 1000);
    for (int t = 1; t <= 3; t++) {
      assertArrayEquals(new int[] {0, 1}, d.holdersOf(t), d.changes().toString());
    }
  }

  @Test
  void whereQueuesAreBoundedATreeletHoldingMostOfWhatWaitsIsHot() {
    // The Flink job's credits keep far fewer rays in flight than a period's work (250k here), yet
    // treelet 1 holds most of what waits while worker 1 idles: it gets a second copy. The even share
    // is 15.1k rays; treelet 2's 200 are below it and stay put.
    Allocation a = map(2, new int[] {0, 1}, new int[] {0}, new int[] {0}, new int[] {1});
    Load load = evenly(a, new double[] {0, 30_000, 200, 0}, new double[] {1, 0.2}, 250_000);
    AllocationDraft d = decide(a, load, SIZES, 1000);
    assertArrayEquals(new int[] {0, 1}, d.holdersOf(1), d.changes().toString());
    assertArrayEquals(new int[] {0}, d.holdersOf(2));
    Load little = evenly(a, new double[] {0, 2000, 0, 0}, new double[] {1, 0.2}, 250_000);
    assertTrue(decide(a, little, SIZES, 1000).changes().isEmpty(), "under 1% of a period's work: not worth a move");
  }

  @Test
  void roomIsMadeByDroppingColdCopiesNeverALastCopyNorTheTopTreelet() {
    // Worker 1 is full: the top treelet 0 (everywhere), treelet 2 (cold, also on worker 0) and treelet 3 (its
    // only copy). Only treelet 2 may make room for the hot treelet 1.
    Allocation a = map(2, new int[] {0, 1}, new int[] {0}, new int[] {0, 1}, new int[] {1});
    Load load = evenly(a, new double[] {0, 50_000, 10, 0}, new double[] {1, 0}, 1000);
    AllocationDraft d = decide(a, load, SIZES, 300);
    assertArrayEquals(new int[] {0, 1}, d.holdersOf(1), d.changes().toString());
    assertArrayEquals(new int[] {0}, d.holdersOf(2));
    assertArrayEquals(new int[] {0, 1}, d.holdersOf(0));
    assertArrayEquals(new int[] {1}, d.holdersOf(3));
  }

  @Test
  void aCopyJustAddedIsNotDroppedForAnotherOfLikeHeat() {
    // Worker 1 has room for one of treelets 1 and 2, both hot in turn; once it took 1 it keeps it a while.
    DynamicPolicy policy = new DynamicPolicy();
    Allocation a = map(2, new int[] {0, 1}, new int[] {0}, new int[] {0});
    long[] sizes = {100, 100, 100};
    AllocationDraft first = new AllocationDraft(a, sizes, 200);
    policy.decide(first, evenly(a, new double[] {0, 50_000, 40_000}, new double[] {1, 0}, 1000));
    assertArrayEquals(new int[] {0, 1}, first.holdersOf(1), first.changes().toString());
    Allocation taken = first.build(6);
    for (int i = 1; i < DynamicPolicy.MIN_AGE; i++) {
      AllocationDraft next = new AllocationDraft(taken, sizes, 200);
      policy.decide(next, evenly(taken, new double[] {0, 20_000, 60_000}, new double[] {1, 0}, 1000));
      assertTrue(next.changes().isEmpty(), "period " + i + ": " + next.changes());
    }
    AllocationDraft later = new AllocationDraft(taken, sizes, 200);
    policy.decide(later, evenly(taken, new double[] {0, 200, 60_000}, new double[] {1, 0}, 1000));
    assertArrayEquals(new int[] {0, 1}, later.holdersOf(2), "old enough, and cold: it makes room now");
  }

  @Test
  void aWorkerWithNoColdCopyToGiveUpTakesNothing() {
    Allocation a = map(2, new int[] {0}, new int[] {0}, new int[] {1}, new int[] {1});
    Load load = evenly(a, new double[] {0, 50_000, 0, 0}, new double[] {1, 0}, 1000);
    assertTrue(decide(a, load, SIZES, 200).changes().isEmpty());
  }

  @Test
  void pinnedTreeletsAndDrainedWorkersAreLeftAlone() {
    Allocation a = map(3, new int[] {0, 1, 2}, new int[] {0}, new int[] {1}, new int[] {2});
    Load load = evenly(a, new double[] {0, 9000, 5000, 0}, new double[] {1, 1, 0}, 1000);
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
        a = decide(a, evenly(a, waiting, busy, 1000), sizes, budget).build(a.epoch() + 1);
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
