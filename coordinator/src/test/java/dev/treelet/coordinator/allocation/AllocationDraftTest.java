package dev.treelet.coordinator.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.protocol.Allocation;
import org.junit.jupiter.api.Test;

class AllocationDraftTest {
  private final long[] sizes = {50, 40, 30};
  private final Allocation start = new Allocation(3, false, 2, new int[][] {{0, 1}, {0}, {1}});

  @Test
  void refusalsNameTheProblem() {
    AllocationDraft d = new AllocationDraft(start, sizes, 100);
    assertEquals("unknown treelet 7 (the scene has treelets 0..2)", d.whyNotAdd(7, 0));
    assertEquals("unknown worker 2 (the job has workers 0..1)", d.whyNotAdd(0, 2));
    assertEquals("worker 0 already holds treelet 1", d.whyNotAdd(1, 0));
    assertEquals("treelet 1 needs 40 bytes but worker 1 has 20 of its 100 free", d.whyNotAdd(1, 1));
    assertTrue(d.whyNotDrop(1, 0).contains("only copy of treelet 1"));
    assertThrows(IllegalArgumentException.class, () -> d.drop(2, 1, "test"));
  }

  @Test
  void acceptedChangesBuildTheNewMapAndAreRecordedWithTheirReasons() {
    AllocationDraft d = new AllocationDraft(start, sizes, 100);
    d.drop(0, 1, "cold");
    d.add(1, 1, "hot");
    Allocation next = d.build(4);
    assertEquals(new Allocation(4, false, 2, new int[][] {{0}, {0, 1}, {1}}), next);
    assertEquals(java.util.List.of("drop treelet 0 from worker 1: cold", "add treelet 1 to worker 1: hot"),
        d.changes());
    assertEquals(30, d.free(1));
  }
}
