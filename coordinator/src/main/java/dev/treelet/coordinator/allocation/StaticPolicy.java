package dev.treelet.coordinator.allocation;


/**
 * Keeps whatever placement it starts from, whatever the load: {@code static} is {@link
 * StaticPlacement}'s, the baseline; the simulation's {@code oracle} is {@link OraclePlacement}'s.
 */
public final class StaticPolicy implements AllocationPolicy {
  private final String name;

  public StaticPolicy() {
    this("static");
  }

  public StaticPolicy(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void decide(AllocationDraft draft, Load load) {}
}
