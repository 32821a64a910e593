package dev.treelet.coordinator.protocol;

import java.util.List;

/**
 * A render a standalone coordinator is to allocate for ({@code POST /render}, sent by
 * {@code ./treelet submit} before it submits the job): where the prepared scene is (a path every
 * task manager and the coordinator can read), how many workers, each one's treelet budget (0: room
 * for the whole scene), samples per pixel (0: the scene's own), the seed, and the loop's policy and
 * protocol by name.
 */
public record RenderPlan(String prepared, int workers, long workerBudget, int spp, long seed, String policy,
    String protocol) {

  /** Checks the plan is complete; the message names what is wrong. */
  public RenderPlan validated() {
    if (prepared == null || prepared.isBlank()) {
      throw new IllegalArgumentException("render plan has no \"prepared\": the prepared scene's folder");
    }
    if (workers < 1 || workers > Allocation.MAX_WORKERS) {
      throw new IllegalArgumentException("render plan: \"workers\" must be 1.." + Allocation.MAX_WORKERS + ", got "
          + workers);
    }
    if (workerBudget < 0 || spp < 0) {
      throw new IllegalArgumentException("render plan: \"workerBudget\" and \"spp\" must not be negative");
    }
    for (String[] named : List.of(new String[] {"policy", policy}, new String[] {"protocol", protocol})) {
      if (named[1] == null) {
        throw new IllegalArgumentException("render plan has no \"" + named[0] + "\"");
      }
    }
    return this;
  }
}
