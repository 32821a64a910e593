package dev.treelet.tracer.bvh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How the build shapes the tree; BvhBruteForceTest checks what traversal finds in it. */
class BvhBuilderTest {
  /**
   * Twelve small triangles far apart in a row: the SAH alone keeps small ranges as leaves (the
   * builder before this test had 4 leaves of 3 here), but a wide node has room for 8, so children
   * are split until all 8 slots are used.
   */
  @Test
  void wideNodesAreFilledWhileAChildCanBeSplit() {
    float[] p = new float[9 * 12];
    for (int i = 0; i < 12; i++) {
      float x = 10 * i;
      float[] t = {x, 0, 0, x + 0.1f, 0, 0, x, 0.1f, 0};
      System.arraycopy(t, 0, p, 9 * i, 9);
    }
    Bvh bvh = BvhBuilder.build(p, 12, 1, null);

    assertEquals(1, bvh.nodeCount(), "8 leaves under the root");
    int leaves = 0;
    int triangles = 0;
    for (int c = 0; c < Bvh.WIDTH; c++) {
      int b = bvh.childRefs()[2 * c + 1];
      assertEquals(ChildRef.LEAF, ChildRef.kind(b));
      if (ChildRef.payload(b) > 0) {
        leaves++;
        triangles += ChildRef.payload(b);
      }
    }
    assertEquals(Bvh.WIDTH, leaves);
    assertEquals(12, triangles);
  }

  /**
   * Past the parallel threshold subtrees are built on several threads and leaves are split while the
   * tree is collapsed: the tree must not depend on the thread count, nor lose or repeat a triangle,
   * and no leaf may exceed MAX_LEAF triangles.
   */
  @Test
  void theTreeDependsOnlyOnTheTriangles() {
    int n = 40_000;
    SplittableRandom rnd = new SplittableRandom(7);
    float[] p = new float[9 * n];
    for (int i = 0; i < n; i++) {
      float cx = (float) rnd.nextDouble(-100, 100);
      float cy = (float) rnd.nextDouble(-100, 100);
      float cz = (float) rnd.nextDouble(-1, 1);
      for (int k = 0; k < 9; k++) {
        p[9 * i + k] = (k % 3 == 0 ? cx : k % 3 == 1 ? cy : cz) + (float) rnd.nextDouble(-0.5, 0.5);
      }
    }
    Bvh one = BvhBuilder.build(p, n, 1, null);
    Bvh two = BvhBuilder.build(p, n, 2, null);

    assertEquals(one.nodeCount(), two.nodeCount());
    assertArrayEquals(one.childRefs(), two.childRefs());
    assertArrayEquals(one.childBounds(), two.childBounds());
    assertArrayEquals(one.primOrder(), two.primOrder());
    int[] order = one.primOrder().clone();
    Arrays.sort(order);
    for (int i = 0; i < n; i++) {
      assertEquals(i, order[i], "every triangle exactly once");
    }
    for (int r = 1; r < one.childRefs().length; r += 2) {
      int b = one.childRefs()[r];
      if (ChildRef.kind(b) == ChildRef.LEAF) {
        assertTrue(ChildRef.payload(b) <= BvhBuilder.MAX_LEAF, "leaf of " + ChildRef.payload(b));
      }
    }
  }
}
