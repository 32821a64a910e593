package dev.treelet.coordinator;

import dev.treelet.coordinator.allocation.AllocationPolicy;
import dev.treelet.coordinator.allocation.DynamicPolicy;
import dev.treelet.coordinator.allocation.StaticPolicy;
import dev.treelet.coordinator.change.BarrierProtocol;
import dev.treelet.coordinator.change.ChangeProtocol;
import dev.treelet.coordinator.change.LeaseProtocol;
import java.util.List;

/**
 * How the coordinator's allocation loop runs, as a user chooses it: the policy and the change
 * protocol by name ({@code --policy}, {@code --protocol}), and its timing. Leases last leaseMillis,
 * are renewed when a third is used up and kept a fifth longer after expiry (bags already sent arrive);
 * a barrier asks again after barrierTimeoutMillis without every ack.
 */
public record LoopSettings(String policy, String protocol, long tickMillis, long policyMillis, long leaseMillis,
    long barrierTimeoutMillis) {
  public static final List<String> POLICIES = List.of("static", "dynamic");
  public static final List<String> PROTOCOLS = List.of("leases", "barriers");

  public static LoopSettings defaults() {
    return new LoopSettings("dynamic", "leases", 250, 500, 10_000, 5_000);
  }

  public LoopSettings {
    if (!POLICIES.contains(policy)) {
      throw new IllegalArgumentException("unknown policy \"" + policy + "\": choose one of " + POLICIES);
    }
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException("unknown protocol \"" + protocol + "\": choose one of " + PROTOCOLS);
    }
  }

  public LoopSettings withPolicy(String name) {
    return new LoopSettings(name, protocol, tickMillis, policyMillis, leaseMillis, barrierTimeoutMillis);
  }

  public LoopSettings withProtocol(String name) {
    return new LoopSettings(policy, name, tickMillis, policyMillis, leaseMillis, barrierTimeoutMillis);
  }

  /** The loop for a coordinator whose scene has treelets of these sizes, each worker holding at most budget. */
  public AllocationLoop loop(Coordinator coordinator, long[] treeletBytes, long budget) {
    AllocationPolicy p = policy.equals("dynamic") ? new DynamicPolicy() : new StaticPolicy();
    ChangeProtocol c = protocol.equals("barriers")
        ? new BarrierProtocol(barrierTimeoutMillis)
        : new LeaseProtocol(leaseMillis, leaseMillis / 3, leaseMillis / 5, treeletBytes, budget);
    return new AllocationLoop(coordinator, p, c, treeletBytes, budget);
  }

  /** Runs loop on the wall clock until closed. */
  public LoopTicker start(AllocationLoop loop) {
    return new LoopTicker(loop, tickMillis, policyMillis);
  }
}
