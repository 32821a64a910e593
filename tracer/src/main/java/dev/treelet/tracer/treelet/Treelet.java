package dev.treelet.tracer.treelet;

import dev.treelet.tracer.bvh.Bvh;
import dev.treelet.tracer.bvh.ChildRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A connected piece of the scene's BVH, everything a worker needs to trace rays through it and
 * nothing more: its nodes (local indices, root at 0), the triangles of its leaves, their materials
 * and shading normals, and links (treelet id, node) where the tree was cut.
 *
 * <p>Nodes are the BVH's 8-wide layout ({@link Bvh}): child boxes axis by axis, quantized to a byte a
 * coordinate against the node's own box ({@link QuantizedBoxes}: {@code quantized}, 48 bytes a node,
 * and {@code frame}, 6 floats a node), and child references in {@code refs} (16 ints a node, see
 * {@link ChildRef}); a LEAF child's first index points into this treelet's triangle arrays. Triangles are stored as
 * their three vertices (v0, v1, v2), what the watertight intersection test reads, 9 floats each.
 */
public final class Treelet {
  final int id;
  final int nodeCount;
  final byte[] quantized;
  final float[] frame;
  final int[] refs;
  /** Per node, bit c set if child c is a leaf (derived on load: traversal splits hits without branching). */
  final byte[] leafBits;
  final int triCount;
  final float[] tri;
  final int[] triMaterial;
  final int[] triLight;
  final int[] triGlobalId;
  final int[] triNormal; // index into normals (9 floats each), or -1 for flat shading
  final float[] normals;
  final int[] materialIds;

  Treelet(int id, int nodeCount, byte[] quantized, float[] frame, int[] refs, int triCount, float[] tri,
      int[] triMaterial, int[] triLight, int[] triGlobalId, int[] triNormal, float[] normals,
      int[] materialIds) {
    this.id = id;
    this.nodeCount = nodeCount;
    this.quantized = quantized;
    this.frame = frame;
    this.refs = refs;
    this.leafBits = new byte[nodeCount];
    for (int n = 0; n < nodeCount; n++) {
      for (int c = 0; c < Bvh.WIDTH; c++) {
        if (ChildRef.kind(refs[Bvh.REFS_PER_NODE * n + 2 * c + 1]) == ChildRef.LEAF) {
          leafBits[n] |= (byte) (1 << c);
        }
      }
    }
    this.triCount = triCount;
    this.tri = tri;
    this.triMaterial = triMaterial;
    this.triLight = triLight;
    this.triGlobalId = triGlobalId;
    this.triNormal = triNormal;
    this.normals = normals;
    this.materialIds = materialIds;
  }

  public int id() {
    return id;
  }

  public int nodeCount() {
    return nodeCount;
  }

  public int triangleCount() {
    return triCount;
  }

  /** The exact size of this treelet's blob, which is what it costs a worker to hold it. */
  public long byteSize() {
    return TreeletCodec.size(nodeCount, triCount, normals.length / 9, materialIds.length);
  }

  /** Distinct material ids its triangles use, ascending. */
  public int[] materialIds() {
    return materialIds.clone();
  }

  /**
   * Writes what shading needs about local triangle tri, hit at barycentrics (u, v), into ray r: so
   * the ray can be shaded on any worker, whichever treelet it finishes its traversal in.
   */
  public void recordHit(int tri, float u, float v, dev.treelet.tracer.ray.RayBatch b, int r) {
    int o = 9 * tri;
    float e1x = this.tri[o + 3] - this.tri[o], e1y = this.tri[o + 4] - this.tri[o + 1];
    float e1z = this.tri[o + 5] - this.tri[o + 2];
    float e2x = this.tri[o + 6] - this.tri[o], e2y = this.tri[o + 7] - this.tri[o + 1];
    float e2z = this.tri[o + 8] - this.tri[o + 2];
    float nx = e1y * e2z - e1z * e2y;
    float ny = e1z * e2x - e1x * e2z;
    float nz = e1x * e2y - e1y * e2x;
    float inv = 1 / (float) Math.sqrt(nx * nx + ny * ny + nz * nz);
    nx *= inv;
    ny *= inv;
    nz *= inv;
    b.set3(r, dev.treelet.tracer.ray.RayBatch.HIT_NG, nx, ny, nz);
    int ni = triNormal[tri];
    if (ni >= 0) {
      int q = 9 * ni;
      float w = 1 - u - v;
      float sx = w * normals[q] + u * normals[q + 3] + v * normals[q + 6];
      float sy = w * normals[q + 1] + u * normals[q + 4] + v * normals[q + 7];
      float sz = w * normals[q + 2] + u * normals[q + 5] + v * normals[q + 8];
      float len = (float) Math.sqrt(sx * sx + sy * sy + sz * sz);
      if (len > 0) {
        nx = sx / len;
        ny = sy / len;
        nz = sz / len;
      }
    }
    b.set3(r, dev.treelet.tracer.ray.RayBatch.HIT_NS, nx, ny, nz);
    b.setInt(r, dev.treelet.tracer.ray.RayBatch.HIT_MATERIAL, triMaterial[tri]);
    b.setInt(r, dev.treelet.tracer.ray.RayBatch.HIT_LIGHT, triLight[tri]);
    b.setInt(r, dev.treelet.tracer.ray.RayBatch.HIT_PRIM, triGlobalId[tri]);
  }

  /** The places where the tree was cut: each child that lives in another treelet. */
  public List<Link> links() {
    List<Link> links = new ArrayList<>();
    for (int n = 0; n < nodeCount; n++) {
      for (int c = 0; c < Bvh.WIDTH; c++) {
        int b = refs[Bvh.REFS_PER_NODE * n + 2 * c + 1];
        if (ChildRef.kind(b) == ChildRef.LINK) {
          links.add(new Link(n, refs[Bvh.REFS_PER_NODE * n + 2 * c], ChildRef.payload(b)));
        }
      }
    }
    return links;
  }

  /** Node fromNode of this treelet has a child at (treelet, node). */
  public record Link(int fromNode, int treelet, int node) {}
}
