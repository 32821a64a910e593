package dev.treelet.coordinator.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSimulationTest {
  private static ClusterSimulation.Result of(List<ClusterSimulation.Result> rs, String policy) {
    return rs.stream().filter(r -> r.policy().equals(policy)).findFirst().orElseThrow();
  }

  @Test
  void everyPolicyTracesExactlyTheWorkloadAndNeverBeatsTheIdealMakespan() {
    PolicyComparison.Config c = new PolicyComparison.Config(40, 400, 1.0, 7);
    SimulatedScene scene = new SimulatedScene(400, 1.0, 7, PolicyComparison.MEAN_TREELET_BYTES,
        PolicyComparison.IDEAL_SECONDS * 40 * PolicyComparison.RAYS_PER_SECOND * (1 - PolicyComparison.CONTINUE),
        PolicyComparison.CONTINUE);
    for (ClusterSimulation.Result r : PolicyComparison.run(c)) {
      // Rays are conserved: the render ends with less than one ray left over anywhere.
      assertEquals(scene.totalWork(), r.raysTraced(), scene.totalWork() * 1e-8, r.policy());
      assertTrue(r.makespanSeconds() >= PolicyComparison.IDEAL_SECONDS, r.policy() + ": " + r.makespanSeconds());
      assertTrue(r.meanUtilisation() > 0 && r.meanUtilisation() <= 1 + 1e-9, r.policy() + ": " + r.meanUtilisation());
    }
  }

  @Test
  void underSkewDynamicBeatsStaticByHalfAgainAndStaysNearTheOracle() {
    List<ClusterSimulation.Result> rs = PolicyComparison.run(new PolicyComparison.Config(60, 600, 1.0, 3));
    double st = of(rs, "static").makespanSeconds();
    double dy = of(rs, "dynamic").makespanSeconds();
    double or = of(rs, "oracle").makespanSeconds();
    assertTrue(st / dy >= 1.5, "static " + st + " s, dynamic " + dy + " s");
    assertTrue(dy / or <= 1.2, "dynamic " + dy + " s, oracle " + or + " s");
    assertTrue(of(rs, "dynamic").decisions() > 0);
    assertEquals(0, of(rs, "static").treeletLoads());
  }

  @Test
  void withoutSkewDynamicCostsLittleOverStatic() {
    List<ClusterSimulation.Result> rs = PolicyComparison.run(new PolicyComparison.Config(40, 400, 0.0, 5));
    assertTrue(of(rs, "dynamic").makespanSeconds() <= 1.1 * of(rs, "static").makespanSeconds(), rs.toString());
  }

  @Test
  void theSameSeedGivesTheSameFigures() {
    PolicyComparison.Config c = new PolicyComparison.Config(30, 300, 0.8, 11);
    assertEquals(PolicyComparison.run(c), PolicyComparison.run(c));
  }
}
