package dev.treelet.tracer.treelet;

import dev.treelet.tracer.bvh.Bvh;
import dev.treelet.tracer.bvh.ChildRef;
import dev.treelet.tracer.scene.TriangleSoup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Cuts a BVH into treelets of at most maxBytes each (their exact blob size), greedily top-down as
 * R2E2 does: treelet 0 takes the root and then nodes breadth-first while they fit, so it holds the
 * top of the tree that every ray enters; each node that does not fit starts a new treelet, filled
 * the same way. Leaves always stay with their parent node. Ids follow discovery order, so the cut is
 * deterministic.
 */
public final class TreeletPartitioner {
  private final Bvh bvh;
  private final TriangleSoup soup;
  private final long maxBytes;
  private final int[] owner;
  private final int[] local;

  private TreeletPartitioner(Bvh bvh, TriangleSoup soup, long maxBytes) {
    this.bvh = bvh;
    this.soup = soup;
    this.maxBytes = maxBytes;
    this.owner = new int[bvh.nodeCount()];
    this.local = new int[bvh.nodeCount()];
    Arrays.fill(owner, -1);
  }

  /** The smallest budget that always works: one node with two full leaves. */
  public static long minimumBytes(int materialCount) {
    int tris = 2 * dev.treelet.tracer.bvh.BvhBuilder.MAX_LEAF;
    return TreeletCodec.size(1, tris, tris, Math.min(tris, materialCount));
  }

  public static List<Treelet> partition(Bvh bvh, TriangleSoup soup, long maxBytes) {
    return new TreeletPartitioner(bvh, soup, maxBytes).run();
  }

  private List<Treelet> run() {
    List<Integer> roots = new ArrayList<>();
    roots.add(0);
    for (int k = 0; k < roots.size(); k++) {
      assign(k, roots.get(k), roots);
    }
    List<Treelet> treelets = new ArrayList<>(roots.size());
    for (int k = 0; k < roots.size(); k++) {
      treelets.add(build(k, roots.get(k)));
    }
    return treelets;
  }

  /** Breadth-first from root: take nodes while the treelet's exact size stays within budget. */
  private void assign(int k, int root, List<Integer> roots) {
    BitSet materials = new BitSet();
    long nodes = 0;
    long tris = 0;
    long normalTris = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      int node = queue.poll();
      BitSet m = (BitSet) materials.clone();
      int[] leafCost = leafTriangles(node, m);
      long size = TreeletCodec.size((int) nodes + 1, (int) (tris + leafCost[0]),
          (int) (normalTris + leafCost[1]), m.cardinality());
      if (size > maxBytes) {
        if (node == root) {
          throw new IllegalArgumentException("treelet budget of " + maxBytes + " bytes cannot hold one BVH node"
              + " with its leaves (" + size + " bytes); use at least " + minimumBytes(Integer.MAX_VALUE));
        }
        roots.add(node);
        continue;
      }
      owner[node] = k;
      nodes++;
      tris += leafCost[0];
      normalTris += leafCost[1];
      materials = m;
      for (int c = 0; c < 2; c++) {
        int b = bvh.childRefs()[4 * node + 2 * c + 1];
        if (ChildRef.kind(b) == ChildRef.INTERIOR) {
          queue.add(bvh.childRefs()[4 * node + 2 * c]);
        }
      }
    }
  }

  /** Triangles (all, with normals) in node's leaf children; adds their materials to m. */
  private int[] leafTriangles(int node, BitSet m) {
    int[] cost = new int[2];
    for (int c = 0; c < 2; c++) {
      int a = bvh.childRefs()[4 * node + 2 * c];
      int b = bvh.childRefs()[4 * node + 2 * c + 1];
      if (ChildRef.kind(b) == ChildRef.LEAF) {
        for (int i = a; i < a + ChildRef.payload(b); i++) {
          int t = bvh.primOrder()[i];
          cost[0]++;
          cost[1] += soup.hasNormals(t) ? 1 : 0;
          m.set(soup.material(t));
        }
      }
    }
    return cost;
  }

  /** Lays out treelet k depth-first from its root, so local node 0 is the root. */
  private Treelet build(int k, int root) {
    List<Integer> order = new ArrayList<>();
    ArrayDeque<Integer> stack = new ArrayDeque<>();
    stack.push(root);
    int triCount = 0;
    int normalCount = 0;
    BitSet materials = new BitSet();
    while (!stack.isEmpty()) {
      int node = stack.pop();
      local[node] = order.size();
      order.add(node);
      int[] cost = leafTriangles(node, materials);
      triCount += cost[0];
      normalCount += cost[1];
      for (int c = 1; c >= 0; c--) {
        int child = bvh.childRefs()[4 * node + 2 * c];
        int b = bvh.childRefs()[4 * node + 2 * c + 1];
        if (ChildRef.kind(b) == ChildRef.INTERIOR && owner[child] == k) {
          stack.push(child);
        }
      }
    }
    int n = order.size();
    float[] bounds = new float[12 * n];
    int[] refs = new int[4 * n];
    float[] tri = new float[9 * triCount];
    int[] triMaterial = new int[triCount];
    int[] triLight = new int[triCount];
    int[] triGlobal = new int[triCount];
    int[] triNormal = new int[triCount];
    float[] normals = new float[9 * normalCount];
    int nextTri = 0;
    int nextNormal = 0;
    float[] pos = soup.positions();
    for (int li = 0; li < n; li++) {
      int node = order.get(li);
      System.arraycopy(bvh.childBounds(), 12 * node, bounds, 12 * li, 12);
      for (int c = 0; c < 2; c++) {
        int a = bvh.childRefs()[4 * node + 2 * c];
        int b = bvh.childRefs()[4 * node + 2 * c + 1];
        int r = 4 * li + 2 * c;
        switch (ChildRef.kind(b)) {
          case ChildRef.INTERIOR -> {
            if (owner[a] == k) {
              refs[r] = local[a];
              refs[r + 1] = ChildRef.INTERIOR;
            } else {
              refs[r] = owner[a];
              refs[r + 1] = ChildRef.link(0); // every cut child is the root of its treelet
            }
          }
          case ChildRef.LEAF -> {
            int count = ChildRef.payload(b);
            refs[r] = nextTri;
            refs[r + 1] = ChildRef.leaf(count);
            for (int i = a; i < a + count; i++) {
              int t = bvh.primOrder()[i];
              int o = 9 * t;
              int d = 9 * nextTri;
              for (int x = 0; x < 3; x++) {
                tri[d + x] = pos[o + x];
                tri[d + 3 + x] = pos[o + 3 + x] - pos[o + x];
                tri[d + 6 + x] = pos[o + 6 + x] - pos[o + x];
              }
              triMaterial[nextTri] = soup.material(t);
              triLight[nextTri] = soup.light(t);
              triGlobal[nextTri] = t;
              if (soup.hasNormals(t)) {
                System.arraycopy(soup.normals(), o, normals, 9 * nextNormal, 9);
                triNormal[nextTri] = nextNormal++;
              } else {
                triNormal[nextTri] = -1;
              }
              nextTri++;
            }
          }
          default -> throw new IllegalStateException("BVH already has links");
        }
      }
    }
    return new Treelet(k, n, bounds, refs, triCount, tri, triMaterial, triLight, triGlobal, triNormal, normals,
        materials.stream().toArray());
  }
}
