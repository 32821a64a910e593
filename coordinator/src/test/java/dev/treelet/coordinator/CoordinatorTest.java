package dev.treelet.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.treelet.coordinator.protocol.Allocation;
import org.junit.jupiter.api.Test;

class CoordinatorTest {
  @Test
  void theBusiestShareIsTheLargestWorkersPartOfTheNewestReports() {
    Coordinator c = new Coordinator(new Allocation(1, false, 3, new int[][] {{0, 1, 2}}), 100);
    assertEquals(0, c.busiestShare(), "nothing reported yet");
    c.report(Reports.traced(0, 0, 1, 30));
    c.report(Reports.traced(1, 0, 1, 60));
    c.report(Reports.traced(2, 0, 1, 10));
    assertEquals(0.6, c.busiestShare(), 1e-12);
    c.report(Reports.traced(1, 0, 1, 999)); // stale: not counted
    c.report(Reports.traced(0, 0, 2, 130));
    assertEquals(130.0 / 200, c.busiestShare(), 1e-12);
  }
}
