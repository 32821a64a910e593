package dev.treelet.tracer.bvh;

/**
 * An 8-wide BVH in flat arrays, nodes in depth-first order, root at 0 (always an interior node).
 *
 * <p>Each node stores the boxes of its {@link #WIDTH} children, axis by axis (8 min x, 8 min y, 8 min
 * z, 8 max x, 8 max y, 8 max z: 48 floats), so one node visit tests all children with a few vector
 * instructions, and a ray never travels to a subtree whose box it misses: that matters once
 * subtrees live on other machines. Each child has a {@link ChildRef} (2 ints): an interior node, a
 * leaf (a range of {@link #primOrder()}), an empty slot (a leaf of 0 under an empty box), or, after
 * the treelet cut, a link.
 */
public record Bvh(int nodeCount, float[] childBounds, int[] childRefs, int[] primOrder, int maxDepth,
    int maxStack) {
  public static final int WIDTH = 8;
  public static final int BOUNDS_PER_NODE = 6 * WIDTH;
  public static final int REFS_PER_NODE = 2 * WIDTH;

  /** Index in childBounds of coordinate slot (0..5: min x, y, z, max x, y, z) of child c of node. */
  public static int bound(int node, int slot, int c) {
    return BOUNDS_PER_NODE * node + WIDTH * slot + c;
  }
}
