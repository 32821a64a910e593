package dev.treelet.tracer.bvh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binned-SAH BVH build over triangles (up to 32 bins on each axis), parallel by subtree on a
 * ForkJoinPool.
 * The result depends only on the triangles, never on the thread count: every split decision is a
 * function of its primitive range, and the final layout is a depth-first walk of the build tree.
 *
 * <p>A binary tree is built first and collapsed into 8-wide nodes as Embree's BVH builder fills
 * them: the child with the largest surface area is split until there are 8 children or none can be
 * split, even a child the SAH would have kept as a leaf (that split is made then, see open). A wide
 * node has room for 8 children; filling it turns leaves the ray must test triangle by triangle into
 * smaller leaves behind boxes it tests all at once. Same-JVM A/B against the binary tree's own leaves
 * (16 bins, leaves of up to 4 priced at 4 triangle tests a visit), same kernel, paired medians of
 * 11: 1M terrain camera rays 0.95-0.96 of the time, incoherent 0.91; armadillo camera 1.02 closest
 * hit and 0.97 any hit, incoherent 0.93-0.94; half the nodes (terrain 106k to 56k, armadillo 33k to
 * 22k); building a 4M-triangle terrain takes as long as before (7.4-9.4 s against 7.9-8.3 s).
 */
public final class BvhBuilder {
  /** Leaves hold at most this many triangles unless the centroids cannot be separated. */
  public static final int MAX_LEAF = 8;
  /** The traversal stack is fixed (see Traversal): depth is capped so it can never overflow. */
  public static final int MAX_DEPTH = 60;
  private static final int BINS = 32;
  private static final int PARALLEL_THRESHOLD = 32 * 1024;
  /**
   * The SAH prices a leaf by blocks of this many triangles and a node visit as one block, as
   * Embree's BVH8 builder prices its 4-triangle leaf blocks: it favours leaves of exactly 4. Our
   * triangle test is scalar, but the trees this shapes measured faster (see the class doc). A tree
   * from Embree's own builder (rtcBuildBVH, 8 wide, leaves of up to 8 in blocks of 4) exported to
   * our layout: 4.66 node visits and 2.70 triangle tests a terrain camera ray; our old tree 4.91 and
   * 2.46; this builder 4.74 and 2.70.
   */
  private static final int BLOCK = 4;
  private static final float TRAVERSAL_COST = 1;

  private final float[] tri; // 9 per triangle
  private final int count;
  private final float[] centroid;
  private final int[] prims;
  private final AtomicLong done;

  private static final class Node {
    final float[] bounds = new float[6];
    Node left;
    Node right;
    int start;
    int count;
    int depth;
  }

  private BvhBuilder(float[] positions, int count, AtomicLong progress) {
    this.tri = positions;
    this.count = count;
    this.done = progress;
    this.centroid = new float[3 * count];
    this.prims = new int[count];
    for (int i = 0; i < count; i++) {
      prims[i] = i;
      for (int a = 0; a < 3; a++) {
        centroid[3 * i + a] = (tri[9 * i + a] + tri[9 * i + 3 + a] + tri[9 * i + 6 + a]) / 3;
      }
    }
  }

  /**
   * Builds over the first count triangles of positions (9 floats each). progress, if not null, counts
   * the triangles placed in leaves so far, for a progress bar.
   */
  public static Bvh build(float[] positions, int count, int threads, AtomicLong progress) {
    BvhBuilder b = new BvhBuilder(positions, count, progress == null ? new AtomicLong() : progress);
    Node root;
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      root = pool.invoke(b.new Task(0, count, 0));
    } finally {
      pool.shutdown();
    }
    return b.flatten(root);
  }

  private final class Task extends java.util.concurrent.RecursiveTask<Node> {
    private final int start;
    private final int end;
    private final int depth;

    Task(int start, int end, int depth) {
      this.start = start;
      this.end = end;
      this.depth = depth;
    }

    @Override
    protected Node compute() {
      return buildRange(start, end, depth);
    }
  }

  private Node buildRange(int start, int end, int depth) {
    Node node = new Node();
    node.depth = depth;
    float[] cb = bounds(start, end, node.bounds);
    int n = end - start;
    if (n <= 1 || depth >= MAX_DEPTH) {
      return leaf(node, start, n);
    }
    int mid = split(start, end, cb, node.bounds, true);
    if (mid < 0) {
      if (n <= MAX_LEAF) {
        return leaf(node, start, n);
      }
      mid = start + n / 2; // centroids coincide or SAH found nothing: split the range in two
    }
    if (n > PARALLEL_THRESHOLD) {
      Task l = new Task(start, mid, depth + 1);
      Task r = new Task(mid, end, depth + 1);
      RecursiveAction.invokeAll(l, r);
      node.left = l.join();
      node.right = r.join();
    } else {
      node.left = buildRange(start, mid, depth + 1);
      node.right = buildRange(mid, end, depth + 1);
    }
    return node;
  }

  /** Fills box with the bounds of the triangles in prims[start, end) and returns their centroids' bounds. */
  private float[] bounds(int start, int end, float[] box) {
    float[] cb = new float[6];
    emptyBox(cb);
    emptyBox(box);
    for (int i = start; i < end; i++) {
      int p = prims[i];
      for (int v = 0; v < 3; v++) {
        for (int a = 0; a < 3; a++) {
          float x = tri[9 * p + 3 * v + a];
          box[a] = Math.min(box[a], x);
          box[3 + a] = Math.max(box[3 + a], x);
        }
      }
      for (int a = 0; a < 3; a++) {
        cb[a] = Math.min(cb[a], centroid[3 * p + a]);
        cb[3 + a] = Math.max(cb[3 + a], centroid[3 * p + a]);
      }
    }
    return cb;
  }

  private Node leaf(Node node, int start, int n) {
    node.start = start;
    node.count = n;
    done.addAndGet(n);
    return node;
  }

  /**
   * Binned SAH over all three axes; partitions prims[start, end) and returns the split, or -1 for a
   * leaf: when the centroids cannot be separated, or, if leafAllowed, when a leaf is cheaper.
   */
  private int split(int start, int end, float[] cb, float[] bounds, boolean leafAllowed) {
    int n = end - start;
    float bestCost = Float.POSITIVE_INFINITY;
    int bestAxis = -1;
    int bestBin = -1;
    // Small ranges (most of them: every leaf is decided here) need fewer bins to separate their
    // centroids; the sweeps below cost a fixed amount per bin.
    int bins = Math.min(BINS, 2 * n);
    int[] binCount = new int[bins];
    float[] binBounds = new float[6 * bins];
    float[] rightArea = new float[bins];
    int[] rightCount = new int[bins];
    float[] acc = new float[6];
    for (int axis = 0; axis < 3; axis++) {
      float lo = cb[axis];
      float extent = cb[3 + axis] - lo;
      if (!(extent > 0)) {
        continue;
      }
      float scale = bins / extent;
      java.util.Arrays.fill(binCount, 0);
      for (int b = 0; b < bins; b++) {
        emptyBox(binBounds, 6 * b);
      }
      for (int i = start; i < end; i++) {
        int p = prims[i];
        int b = bin(centroid[3 * p + axis], lo, scale, bins);
        binCount[b]++;
        for (int v = 0; v < 3; v++) {
          for (int a = 0; a < 3; a++) {
            float x = tri[9 * p + 3 * v + a];
            binBounds[6 * b + a] = Math.min(binBounds[6 * b + a], x);
            binBounds[6 * b + 3 + a] = Math.max(binBounds[6 * b + 3 + a], x);
          }
        }
      }
      emptyBox(acc);
      int c = 0;
      for (int b = bins - 1; b > 0; b--) {
        grow(acc, binBounds, 6 * b);
        c += binCount[b];
        rightArea[b] = area(acc, 0);
        rightCount[b] = c;
      }
      emptyBox(acc);
      c = 0;
      for (int b = 0; b < bins - 1; b++) {
        grow(acc, binBounds, 6 * b);
        c += binCount[b];
        if (c == 0 || rightCount[b + 1] == 0) {
          continue;
        }
        float cost = blocks(c) * area(acc, 0) + blocks(rightCount[b + 1]) * rightArea[b + 1];
        if (cost < bestCost) {
          bestCost = cost;
          bestAxis = axis;
          bestBin = b;
        }
      }
    }
    if (bestAxis < 0) {
      return -1;
    }
    float splitCost = TRAVERSAL_COST + bestCost / area(bounds, 0);
    if (leafAllowed && n <= MAX_LEAF && splitCost >= blocks(n)) {
      return -1;
    }
    float lo = cb[bestAxis];
    float scale = bins / (cb[3 + bestAxis] - lo);
    int i = start;
    int j = end - 1;
    while (i <= j) {
      if (bin(centroid[3 * prims[i] + bestAxis], lo, scale, bins) <= bestBin) {
        i++;
      } else {
        int t = prims[i];
        prims[i] = prims[j];
        prims[j--] = t;
      }
    }
    return i;
  }

  private static int blocks(int triangles) {
    return (triangles + BLOCK - 1) / BLOCK;
  }

  private static int bin(float c, float lo, float scale, int bins) {
    int b = (int) ((c - lo) * scale);
    return b < 0 ? 0 : Math.min(b, bins - 1);
  }

  private static void grow(float[] acc, float[] box, int o) {
    for (int a = 0; a < 3; a++) {
      acc[a] = Math.min(acc[a], box[o + a]);
      acc[3 + a] = Math.max(acc[3 + a], box[o + 3 + a]);
    }
  }

  static float area(float[] b, int o) {
    float dx = b[o + 3] - b[o];
    float dy = b[o + 4] - b[o + 1];
    float dz = b[o + 5] - b[o + 2];
    return dx < 0 ? 0 : 2 * (dx * dy + dy * dz + dz * dx);
  }

  static void emptyBox(float[] b) {
    emptyBox(b, 0);
  }

  static void emptyBox(float[] b, int o) {
    b[o] = b[o + 1] = b[o + 2] = Float.POSITIVE_INFINITY;
    b[o + 3] = b[o + 4] = b[o + 5] = Float.NEGATIVE_INFINITY;
  }

  /**
   * Depth-first layout of 8-wide nodes: each binary node's children are opened (largest surface area
   * first) until it has {@link Bvh#WIDTH} children or only leaves. Node 0 is always interior.
   */
  private Bvh flatten(Node root) {
    List<List<Node>> children = new ArrayList<>();
    List<Node> order = new ArrayList<>();
    collapse(root, order, children);
    int n = order.size();
    float[] bounds = new float[Bvh.BOUNDS_PER_NODE * n];
    int[] refs = new int[Bvh.REFS_PER_NODE * n];
    java.util.IdentityHashMap<Node, Integer> index = new java.util.IdentityHashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(order.get(i), i);
    }
    int[] depth = new int[n];
    int[] stack = new int[n];
    int maxDepth = 0;
    for (int i = 0; i < n; i++) {
      List<Node> kids = children.get(i);
      for (int c = 0; c < Bvh.WIDTH; c++) {
        Node k = c < kids.size() ? kids.get(c) : null;
        float[] box = k == null ? EMPTY : k.bounds;
        for (int slot = 0; slot < 6; slot++) {
          bounds[Bvh.bound(i, slot, c)] = box[slot];
        }
        int r = Bvh.REFS_PER_NODE * i + 2 * c;
        if (k == null) {
          refs[r] = 0;
          refs[r + 1] = ChildRef.leaf(0);
        } else if (k.left == null) {
          refs[r] = k.start;
          refs[r + 1] = ChildRef.leaf(k.count);
        } else {
          int child = index.get(k);
          refs[r] = child;
          refs[r + 1] = ChildRef.INTERIOR;
          depth[child] = depth[i] + 1;
          maxDepth = Math.max(maxDepth, depth[child]);
        }
      }
    }
    // Worst-case traversal stack below each node: its interior children are all pushed, then the
    // nearest is taken and the others wait while it is traversed (children follow parents, so a
    // backward pass sees every child before its parent).
    for (int i = n - 1; i >= 0; i--) {
      int pushed = 0;
      int deepest = 0;
      for (int c = 0; c < Bvh.WIDTH; c++) {
        int r = Bvh.REFS_PER_NODE * i + 2 * c;
        if (ChildRef.kind(refs[r + 1]) == ChildRef.INTERIOR) {
          pushed++;
          deepest = Math.max(deepest, stack[refs[r]]);
        }
      }
      stack[i] = Math.max(pushed, pushed - 1 + deepest);
    }
    int maxStack = stack[0] + 1;
    if (maxStack > dev.treelet.tracer.ray.RayBatch.MAX_STACK) {
      throw new IllegalStateException("this BVH needs a traversal stack of " + maxStack + " entries; rays carry "
          + dev.treelet.tracer.ray.RayBatch.MAX_STACK + " (raise RayBatch.MAX_STACK)");
    }
    return new Bvh(n, bounds, refs, prims, maxDepth + 1, maxStack);
  }

  private static final float[] EMPTY = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY,
      Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};

  /**
   * Preorder list of wide nodes and, for each, its children (binary build nodes): the child with the
   * largest surface area is opened until there are Bvh.WIDTH children or none can be opened.
   */
  private void collapse(Node root, List<Node> order, List<List<Node>> children) {
    java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Node node = todo.pop();
      List<Node> kids = new ArrayList<>();
      if (open(node)) {
        kids.add(node.left);
        kids.add(node.right);
      } else {
        kids.add(node); // a root of one triangle: the single child of an interior root
      }
      while (kids.size() < Bvh.WIDTH) {
        int widest = -1;
        for (int k = 0; k < kids.size(); k++) {
          Node c = kids.get(k);
          if (canOpen(c) && (widest < 0 || area(c.bounds, 0) > area(kids.get(widest).bounds, 0))) {
            widest = k;
          }
        }
        if (widest < 0) {
          break;
        }
        Node c = kids.get(widest);
        open(c);
        kids.set(widest, c.left);
        kids.add(widest + 1, c.right);
      }
      order.add(node);
      children.add(kids);
      for (int k = kids.size() - 1; k >= 0; k--) {
        if (kids.get(k).left != null && kids.get(k) != node) {
          todo.push(kids.get(k));
        }
      }
    }
  }

  private static boolean canOpen(Node node) {
    return node.left != null || (node.count > 1 && node.depth < MAX_DEPTH);
  }

  /**
   * Gives node its two binary children if it has none yet: a leaf of several triangles is split now,
   * by the SAH without the option of staying a leaf (its range is its own, so this reorders nothing
   * else). Returns false for a node that cannot be split.
   */
  private boolean open(Node node) {
    if (node.left != null) {
      return true;
    }
    if (!canOpen(node)) {
      return false;
    }
    int start = node.start;
    int end = start + node.count;
    int mid = split(start, end, bounds(start, end, new float[6]), node.bounds, false);
    if (mid < 0) {
      mid = start + node.count / 2; // centroids coincide: split the range in two
    }
    node.left = buildRange(start, mid, node.depth + 1);
    node.right = buildRange(mid, end, node.depth + 1);
    done.addAndGet(-node.count); // counted when it became a leaf, and again by its new leaves
    return true;
  }
}
