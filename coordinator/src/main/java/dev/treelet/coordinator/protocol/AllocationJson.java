package dev.treelet.coordinator.protocol;

/** The JSON shape of an {@link Allocation} on the coordinator's HTTP endpoint. */
public record AllocationJson(long epoch, boolean paused, int workers, int[][] holders) {

  public static AllocationJson of(Allocation a) {
    return new AllocationJson(a.epoch(), a.paused(), a.workers(), a.holdersCopy());
  }

  /** Validates as it converts: an unknown worker or a missing field is an IllegalArgumentException. */
  public Allocation toAllocation() {
    if (holders == null) {
      throw new IllegalArgumentException("allocation has no \"holders\"");
    }
    return new Allocation(epoch, paused, workers, holders);
  }
}
