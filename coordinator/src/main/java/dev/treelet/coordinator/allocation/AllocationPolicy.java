package dev.treelet.coordinator.allocation;


/**
 * Decides the next treelet -> workers map from the current one and the last period's load. The
 * coordinator runs one every period; the simulation runs the same classes against modelled load.
 */
public interface AllocationPolicy {
  String name();

  /**
   * Makes this period's changes (possibly none) on the draft of the current map. The draft refuses
   * what would break a budget, leave a treelet without a holder, or undo routing done by hand.
   */
  void decide(AllocationDraft draft, Load load);
}
