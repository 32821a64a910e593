package dev.treelet.coordinator.change;

import dev.treelet.coordinator.protocol.Allocation;

/**
 * How the coordinator moves the published map towards the desired one without losing a ray:
 * {@link LeaseProtocol} or {@link BarrierProtocol}. Called every tick with the time passed in, so
 * tests drive it with a made-up clock.
 */
public interface ChangeProtocol {
  String name();

  /**
   * What to publish now, or null for nothing.
   *
   * @param desired   the holders the policy and the people routing by hand want (epoch, pause and
   *                  leases ignored)
   * @param published the map last published
   * @param acks      what every worker last acknowledged
   */
  Step step(long now, Allocation desired, Allocation published, Acks acks);

  /** An allocation to publish (under the next epoch) and why; a routine one (a renewal) is logged quietly. */
  record Step(Allocation publish, String reason, boolean routine) {
    public Step(Allocation publish, String reason) {
      this(publish, reason, false);
    }
  }

  /**
   * Per worker, from its newest report: the epoch it has applied (its treelets loaded and dropped
   * accordingly), and the epoch up to which it has received every router's stop marker (nothing sent
   * before that stop is still on its way to it). -1: nothing heard.
   */
  record Acks(long[] applied, long[] drained) {
    public static Acks none(int workers) {
      long[] a = new long[workers];
      long[] d = new long[workers];
      java.util.Arrays.fill(a, -1);
      java.util.Arrays.fill(d, -1);
      return new Acks(a, d);
    }

    boolean allApplied(long epoch) {
      return allAtLeast(applied, epoch);
    }

    boolean allDrained(long epoch) {
      return allAtLeast(drained, epoch);
    }

    private static boolean allAtLeast(long[] xs, long epoch) {
      for (long x : xs) {
        if (x < epoch) {
          return false;
        }
      }
      return true;
    }
  }
}
