package dev.treelet.coordinator.allocation;

import dev.treelet.coordinator.protocol.Allocation;
import java.util.List;

/**
 * Decides the next treelet -> workers map from the current one and the last period's load. The
 * coordinator runs one every period; the simulation runs the same classes against modelled load.
 */
public interface AllocationPolicy {
  String name();

  /** The changes to make (possibly none); never over a budget, never without a holder for a treelet. */
  Decision decide(Allocation current, Load load);

  /** The map after the changes, under the current epoch (the coordinator gives it the next one). */
  record Decision(Allocation next, List<String> changes) {
    public boolean changed() {
      return !changes.isEmpty();
    }
  }
}
