package dev.treelet.tracer.bvh;

/**
 * How a node names a child, in two ints (a, b): the low two bits of b say what the child is.
 * <pre>
 *   kind INTERIOR: a = node index (in the same BVH or treelet), b = 0
 *   kind LEAF:     a = first primitive, b = count << 2 | 1   (count may be 0: an empty child)
 *   kind LINK:     a = treelet id,      b = node << 2 | 2    (the subtree lives in another treelet)
 * </pre>
 */
public final class ChildRef {
  public static final int INTERIOR = 0;
  public static final int LEAF = 1;
  public static final int LINK = 2;

  private ChildRef() {}

  public static int kind(int b) {
    return b & 3;
  }

  public static int payload(int b) {
    return b >>> 2;
  }

  public static int leaf(int count) {
    return count << 2 | LEAF;
  }

  public static int link(int node) {
    return node << 2 | LINK;
  }
}
