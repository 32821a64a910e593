package dev.treelet.tracer.ray;

import java.util.Arrays;

/**
 * Rays as fixed-layout records in one int[] (floats stored as their raw bits), so a batch moves,
 * grows and serialises without an object per ray. A record is HEADER ints followed by the
 * cross-treelet traversal stack (up to {@link #MAX_STACK} entries of treelet, node, entry distance);
 * only the used part of the stack is copied or sent.
 *
 * <pre>
 *  0 PIXEL        index y * width + x
 *  1 SAMPLE       sample index within the pixel
 *  2 FLAGS        bit 0 shadow ray, bit 1 last bounce was specular, bits 8..19 path depth,
 *                 bits 20..31 shadow rays this path has spawned (so its end can say how many to await)
 *  3 DIMENSION    next sampler dimension this path will draw
 *  4..6  ORIGIN   7..9 DIRECTION (unit)   10 T_MAX (shadow: distance to light; path: best hit so far)
 * 11..13 BETA     path throughput; for a shadow ray, the radiance it adds if unoccluded
 * 14..16 L        radiance gathered so far (path rays)
 * 17 PREV_PDF     pdf of the BSDF sample that made this ray (MIS when it hits a light)
 * 18 ETA_SCALE    for Russian roulette after refraction
 * 19 HIT_MATERIAL 20 HIT_LIGHT (-1 if none; -2 if nothing hit yet)
 * 21..23 HIT_NG   geometric normal   24..26 HIT_NS shading normal   27 HIT_PRIM global triangle id
 * 28 STACK_SIZE   then 3 ints per entry: treelet, node, entry distance
 * </pre>
 */
public final class RayBatch {
  public static final int PIXEL = 0;
  public static final int SAMPLE = 1;
  public static final int FLAGS = 2;
  public static final int DIMENSION = 3;
  public static final int ORIGIN = 4;
  public static final int DIRECTION = 7;
  public static final int T_MAX = 10;
  public static final int BETA = 11;
  public static final int L = 14;
  public static final int PREV_PDF = 17;
  public static final int ETA_SCALE = 18;
  public static final int HIT_MATERIAL = 19;
  public static final int HIT_LIGHT = 20;
  public static final int HIT_NG = 21;
  public static final int HIT_NS = 24;
  public static final int HIT_PRIM = 27;
  public static final int STACK_SIZE = 28;
  public static final int STACK = 29;
  public static final int HEADER = STACK;
  public static final int MAX_STACK = 64;
  public static final int STRIDE = HEADER + 3 * MAX_STACK;

  public static final int FLAG_SHADOW = 1;
  public static final int FLAG_SPECULAR = 2;
  public static final int DEPTH_SHIFT = 8;
  public static final int SHADOWS_SHIFT = 20;
  /** Depth and spawned-shadow counts have 12 bits each; scenes asking for more are refused. */
  public static final int MAX_DEPTH = (1 << (SHADOWS_SHIFT - DEPTH_SHIFT)) - 1;
  /** HIT_LIGHT value while no surface has been hit. */
  public static final int NO_HIT = -2;

  int[] data;
  int size;

  public RayBatch() {
    this(16);
  }

  public RayBatch(int capacity) {
    data = new int[Math.max(1, capacity) * STRIDE];
  }

  public int size() {
    return size;
  }

  /** Rays this batch can hold before it grows. */
  public int capacity() {
    return data.length / STRIDE;
  }

  /** Bytes of ray records this batch can hold before it grows. */
  public long capacityBytes() {
    return 4L * data.length;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public void clear() {
    size = 0;
  }

  /** Appends an uninitialised record and returns its index. */
  public int add() {
    if ((size + 1) * STRIDE > data.length) {
      data = Arrays.copyOf(data, Math.max(2 * data.length, (size + 1) * STRIDE));
    }
    return size++;
  }

  /** Appends a copy of ray r of src (only the used part of its stack); returns the new index. */
  public int addCopy(RayBatch src, int r) {
    int i = add();
    int from = r * STRIDE;
    System.arraycopy(src.data, from, data, i * STRIDE, HEADER + 3 * src.data[from + STACK_SIZE]);
    return i;
  }

  /** Moves the last ray into slot r (order is not meaningful) and shrinks by one. */
  public void removeSwap(int r) {
    size--;
    if (r != size) {
      int from = size * STRIDE;
      System.arraycopy(data, from, data, r * STRIDE, HEADER + 3 * data[from + STACK_SIZE]);
    }
  }

  public int getInt(int r, int field) {
    return data[r * STRIDE + field];
  }

  public void setInt(int r, int field, int v) {
    data[r * STRIDE + field] = v;
  }

  public float getFloat(int r, int field) {
    return Float.intBitsToFloat(data[r * STRIDE + field]);
  }

  public void setFloat(int r, int field, float v) {
    data[r * STRIDE + field] = Float.floatToRawIntBits(v);
  }

  public void set3(int r, int field, float x, float y, float z) {
    int o = r * STRIDE + field;
    data[o] = Float.floatToRawIntBits(x);
    data[o + 1] = Float.floatToRawIntBits(y);
    data[o + 2] = Float.floatToRawIntBits(z);
  }

  public boolean isShadow(int r) {
    return (data[r * STRIDE + FLAGS] & FLAG_SHADOW) != 0;
  }

  public int depth(int r) {
    return depthOf(data[r * STRIDE + FLAGS]);
  }

  public static int depthOf(int flags) {
    return (flags >>> DEPTH_SHIFT) & MAX_DEPTH;
  }

  public static int shadowRaysOf(int flags) {
    return flags >>> SHADOWS_SHIFT;
  }

  /** FLAGS of a path ray (never a shadow ray). */
  public static int pathFlags(int depth, int shadowRays, boolean specular) {
    return shadowRays << SHADOWS_SHIFT | depth << DEPTH_SHIFT | (specular ? FLAG_SPECULAR : 0);
  }

  /** The treelet this ray must enter next, or -1 if its traversal is complete. */
  public int nextTreelet(int r) {
    int o = r * STRIDE;
    int sp = data[o + STACK_SIZE];
    return sp == 0 ? -1 : data[o + STACK + 3 * (sp - 1)];
  }

  /** Starts traversal from the scene's root (treelet 0, node 0) and forgets any hit. */
  public void resetTraversal(int r) {
    int o = r * STRIDE;
    data[o + STACK_SIZE] = 1;
    data[o + STACK] = 0;
    data[o + STACK + 1] = 0;
    data[o + STACK + 2] = Float.floatToRawIntBits(0f);
    data[o + HIT_LIGHT] = NO_HIT;
    data[o + HIT_PRIM] = -1;
  }

  /** Serialised size of ray r in bytes: the header plus its used stack entries. */
  public int encodedBytes(int r) {
    return 4 * (HEADER + 3 * data[r * STRIDE + STACK_SIZE]);
  }
}
