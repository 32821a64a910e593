package dev.treelet.tracer.treelet;

import dev.treelet.tracer.bvh.Bvh;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A treelet as one compact little-endian blob, and back. Layout:
 * <pre>
 *   "TLT2" id nodeCount triCount normalCount materialCount      6 x int32 = 24 bytes
 *   quantized    nodeCount x 48 int8 (8 child boxes, axis by axis)      48 bytes a node
 *   frame        nodeCount x 6 float32 (base x y z, scale x y z)         24 bytes a node
 *   refs         nodeCount x 16 int32 (8 child references)               64 bytes a node
 *   tri          triCount x 9 float32 (v0, v1, v2)               36 bytes a triangle
 *   triMaterial, triLight, triGlobalId, triNormal  4 x int32      16 bytes a triangle
 *   normals      normalCount x 9 float32                         36 bytes a smooth triangle
 *   materialIds  materialCount x int32
 * </pre>
 */
public final class TreeletCodec {
  static final int MAGIC = 0x32544c54; // "TLT2" read as little-endian int
  /** Format 1 stored triangles as (v0, e1, e2), for the Moller-Trumbore test. */
  private static final int MAGIC_V1 = 0x31544c54;
  public static final int HEADER_BYTES = 24;
  public static final int NODE_BYTES = Bvh.BOUNDS_PER_NODE + 4 * 6 + 4 * Bvh.REFS_PER_NODE;
  public static final int TRIANGLE_BYTES = 52;
  public static final int NORMAL_BYTES = 36;

  private TreeletCodec() {}

  public static long size(int nodes, int tris, int normalTris, int materials) {
    return HEADER_BYTES + (long) NODE_BYTES * nodes + (long) TRIANGLE_BYTES * tris
        + (long) NORMAL_BYTES * normalTris + 4L * materials;
  }

  public static byte[] encode(Treelet t) {
    int normalTris = t.normals.length / 9;
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(t.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(t.id).putInt(t.nodeCount).putInt(t.triCount).putInt(normalTris)
        .putInt(t.materialIds.length);
    b.put(t.quantized, 0, Bvh.BOUNDS_PER_NODE * t.nodeCount);
    b.asFloatBuffer().put(t.frame, 0, 6 * t.nodeCount);
    b.position(b.position() + 4 * 6 * t.nodeCount);
    putInts(b, t.refs, Bvh.REFS_PER_NODE * t.nodeCount);
    b.asFloatBuffer().put(t.tri, 0, 9 * t.triCount);
    b.position(b.position() + 36 * t.triCount);
    putInts(b, t.triMaterial, t.triCount);
    putInts(b, t.triLight, t.triCount);
    putInts(b, t.triGlobalId, t.triCount);
    putInts(b, t.triNormal, t.triCount);
    b.asFloatBuffer().put(t.normals, 0, 9 * normalTris);
    b.position(b.position() + 36 * normalTris);
    putInts(b, t.materialIds, t.materialIds.length);
    return b.array();
  }

  /** Decodes a blob; a damaged one fails with a message saying what is wrong. */
  public static Treelet decode(byte[] blob) {
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    int magic = blob.length < HEADER_BYTES ? 0 : b.getInt();
    if (magic == MAGIC_V1) {
      throw new IllegalArgumentException("treelet blob of an older format (TLT1: triangles as v0, e1, e2); "
          + "prepare the scene again");
    }
    if (magic != MAGIC) {
      throw new IllegalArgumentException("not a treelet blob (bad magic or shorter than its header)");
    }
    int id = b.getInt();
    int nodes = b.getInt();
    int tris = b.getInt();
    int normalTris = b.getInt();
    int materials = b.getInt();
    if (nodes < 0 || tris < 0 || normalTris < 0 || materials < 0
        || size(nodes, tris, normalTris, materials) != blob.length) {
      throw new IllegalArgumentException("treelet blob " + id + " is " + blob.length
          + " bytes but its header describes " + size(nodes, tris, normalTris, materials));
    }
    byte[] quantized = new byte[Bvh.BOUNDS_PER_NODE * nodes];
    b.get(quantized);
    float[] frame = floats(b, 6 * nodes);
    int[] refs = ints(b, Bvh.REFS_PER_NODE * nodes);
    float[] tri = floats(b, 9 * tris);
    int[] mat = ints(b, tris);
    int[] light = ints(b, tris);
    int[] global = ints(b, tris);
    int[] normalIndex = ints(b, tris);
    float[] normals = floats(b, 9 * normalTris);
    int[] materialIds = ints(b, materials);
    return new Treelet(id, nodes, quantized, frame, refs, tris, tri, mat, light, global, normalIndex, normals, materialIds);
  }

  private static void putInts(ByteBuffer b, int[] a, int n) {
    b.asIntBuffer().put(a, 0, n);
    b.position(b.position() + 4 * n);
  }

  private static float[] floats(ByteBuffer b, int n) {
    float[] a = new float[n];
    b.asFloatBuffer().get(a);
    b.position(b.position() + 4 * n);
    return a;
  }

  private static int[] ints(ByteBuffer b, int n) {
    int[] a = new int[n];
    b.asIntBuffer().get(a);
    b.position(b.position() + 4 * n);
    return a;
  }
}
