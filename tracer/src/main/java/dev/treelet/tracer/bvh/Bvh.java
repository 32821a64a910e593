package dev.treelet.tracer.bvh;

/**
 * A binary BVH in flat arrays, nodes in depth-first order, root at 0 (always an interior node).
 *
 * <p>Each node stores the boxes of its two children (12 floats) and a reference to each (2 ints),
 * so one node visit tests both children and a ray never travels to a subtree whose box it misses:
 * that matters once subtrees live on other machines. A child reference is {@link ChildRef}-encoded:
 * an interior node, a leaf (a range of {@link #primOrder()}), or, after the treelet cut, a link.
 */
public record Bvh(int nodeCount, float[] childBounds, int[] childRefs, int[] primOrder, int maxDepth) {
  public static final int BOUNDS_PER_NODE = 12;
  public static final int REFS_PER_NODE = 4;

  public int primitiveCount() {
    return primOrder.length;
  }
}
