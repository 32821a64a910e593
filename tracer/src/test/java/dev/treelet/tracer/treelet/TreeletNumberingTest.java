package dev.treelet.tracer.treelet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.bvh.Bvh;
import dev.treelet.tracer.bvh.BvhBuilder;
import dev.treelet.tracer.render.TestRenders;
import dev.treelet.tracer.scene.Scene;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Treelets are numbered depth-first, so a run of consecutive numbers is a region of the scene (the
 * coordinator places treelets in such runs): the treelet after a cut is, but for packing, one of
 * those below it.
 */
class TreeletNumberingTest {
  @Test
  void theTreeletAfterACutLiesBelowIt() {
    Scene scene = TestRenders.scene(TreeletRenderTest.ROOM);
    Bvh bvh = BvhBuilder.build(scene.triangles().positions(), scene.triangles().count(), 2, null);
    List<Treelet> treelets = TreeletPartitioner.partition(bvh, scene.triangles(), 6 * 1024);
    BitSet[] below = new BitSet[treelets.size()];
    int cuts = 0;
    for (int k = treelets.size() - 1; k >= 0; k--) {
      below[k] = new BitSet();
      for (Treelet.Link l : treelets.get(k).links()) {
        assertTrue(l.treelet() > k, "treelet " + k + " links to " + l.treelet() + ": links point to later treelets");
        below[k].set(l.treelet());
        below[k].or(below[l.treelet()]);
      }
      cuts += k > 0 && !below[k].isEmpty() ? 1 : 0;
    }
    assertTrue(cuts >= 4, "the budget cuts the tree on several levels: " + cuts + " cuts below the top");
    // A treelet packed from subtrees on both sides of a cut's end is numbered by its last one, so now
    // and then the next number after a cut lies past it: 85 of 94 cuts are followed here, against 10 of
    // 94 in cutting order (both measured on the Embree-style tree of fe248ec).
    int followed = 0;
    for (int k = 1; k + 1 < treelets.size(); k++) {
      followed += below[k].get(k + 1) ? 1 : 0;
    }
    assertTrue(followed >= 0.8 * cuts, followed + " of " + cuts + " cuts are followed by a treelet below them");
  }
}
