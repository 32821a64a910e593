package dev.treelet.coordinator.protocol;

/**
 * The JSON shape of an {@link Allocation} on the coordinator's HTTP endpoint; {@code until} (the
 * leases, parallel to {@code holders}) is absent for a map without leases.
 */
public record AllocationJson(long epoch, boolean paused, int workers, int[][] holders, long[][] until) {

  public static AllocationJson of(Allocation a) {
    long[][] until = null;
    if (a.leased()) {
      until = new long[a.treeletCount()][];
      for (int t = 0; t < until.length; t++) {
        until[t] = new long[a.holders(t).length];
        for (int i = 0; i < until[t].length; i++) {
          until[t][i] = a.until(t, i);
        }
      }
    }
    return new AllocationJson(a.epoch(), a.paused(), a.workers(), a.holdersCopy(), until);
  }

  /** Validates as it converts: an unknown worker or a missing field is an IllegalArgumentException. */
  public Allocation toAllocation() {
    if (holders == null) {
      throw new IllegalArgumentException("allocation has no \"holders\"");
    }
    return new Allocation(epoch, paused, workers, holders, until);
  }
}
