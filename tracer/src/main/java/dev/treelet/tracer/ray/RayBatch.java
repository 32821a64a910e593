package dev.treelet.tracer.ray;

import java.util.Arrays;

/**
 * Rays as fixed-layout records in one int[] (floats stored as their raw bits), so a batch moves,
 * grows and serialises without an object per ray. A record is HEADER ints followed by the
 * cross-treelet traversal stack (up to {@link #MAX_STACK} entries of treelet, node, entry distance);
 * only the used part of the stack is copied or sent.
 *
 * <p>A record reserves room for {@link #STACK_ROOM} stack entries, not MAX_STACK: a ray's stack is
 * rarely deeper, and records of the worst case (221 ints, 884 bytes, where a split render's rays
 * average 148 bytes on the wire) made moving rays between batches mostly cache misses and growing
 * arrays (a fifth of a split render's trace time, async-profiler). A record whose stack outgrows its
 * room moves to the end of the array with twice the room, or grows in place if it is last
 * ({@link #storeStack}); records are found through an offset per ray, so removing one is a swap of
 * offsets, and the space comes back at {@link #clear}.
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
  /** Stack entries a record has room for until its stack grows past them. */
  public static final int STACK_ROOM = 16;
  /** Ints of a record with the default stack room. */
  public static final int RECORD = HEADER + 3 * STACK_ROOM;

  public static final int FLAG_SHADOW = 1;
  public static final int FLAG_SPECULAR = 2;
  public static final int DEPTH_SHIFT = 8;
  public static final int SHADOWS_SHIFT = 20;
  /** Depth and spawned-shadow counts have 12 bits each; scenes asking for more are refused. */
  public static final int MAX_DEPTH = (1 << (SHADOWS_SHIFT - DEPTH_SHIFT)) - 1;
  /** HIT_LIGHT value while no surface has been hit. */
  public static final int NO_HIT = -2;

  int[] data;
  /** Where record r starts in data, and how many stack entries it has room for. */
  private int[] start;
  private int[] room;
  int size;
  /** Ints of data in use (records, and holes left by records that moved or were removed). */
  private int used;

  public RayBatch() {
    this(16);
  }

  public RayBatch(int capacity) {
    int n = Math.max(1, capacity);
    data = new int[n * RECORD];
    start = new int[n];
    room = new int[n];
  }

  public int size() {
    return size;
  }

  /** Rays (with the default stack room) this batch can hold before it grows. */
  public int capacity() {
    return Math.min(start.length, data.length / RECORD);
  }

  /** Bytes this batch holds for ray records. */
  public long capacityBytes() {
    return 4L * data.length + 8L * start.length;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public void clear() {
    size = 0;
    used = 0;
  }

  /** Appends an uninitialised record with room for STACK_ROOM stack entries; returns its index. */
  public int add() {
    return append(STACK_ROOM);
  }

  /** Appends an uninitialised record with room for at least entries stack entries. */
  int append(int entries) {
    if (size == start.length) {
      start = Arrays.copyOf(start, 2 * size);
      room = Arrays.copyOf(room, 2 * size);
    }
    int r = size++;
    room[r] = Math.max(entries, STACK_ROOM);
    start[r] = reserve(HEADER + 3 * room[r]);
    return r;
  }

  /** Takes n ints at the end of data, growing it if needed; returns where they start. */
  private int reserve(int n) {
    if (used + n > data.length) {
      data = Arrays.copyOf(data, Math.max(2 * data.length, used + n));
    }
    int at = used;
    used += n;
    return at;
  }

  /** Where record r starts in data (for the codec). */
  int offset(int r) {
    return start[r];
  }

  /** Appends a copy of ray r of src (only the used part of its stack); returns the new index. */
  public int addCopy(RayBatch src, int r) {
    int from = src.start[r];
    int sp = src.data[from + STACK_SIZE];
    int i = append(sp);
    System.arraycopy(src.data, from, data, start[i], HEADER + 3 * sp);
    return i;
  }

  /** Moves the last ray into slot r (order is not meaningful) and shrinks by one. */
  public void removeSwap(int r) {
    size--;
    if (start[r] + HEADER + 3 * room[r] == used) {
      used = start[r]; // the removed record ended the array: its space is free again at once
    }
    start[r] = start[size];
    room[r] = room[size];
  }

  /** Copies ray r's stack (3 ints an entry) into stack; returns its number of entries. */
  public int loadStack(int r, int[] stack) {
    int o = start[r];
    int sp = data[o + STACK_SIZE];
    System.arraycopy(data, o + STACK, stack, 0, 3 * sp);
    return sp;
  }

  /** Sets ray r's stack to the first sp entries of stack, moving the record if it lacks the room. */
  public void storeStack(int r, int[] stack, int sp) {
    if (sp > room[r]) {
      int from = start[r];
      int grown = Math.max(sp, Math.min(MAX_STACK, 2 * room[r]));
      if (from + HEADER + 3 * room[r] == used) {
        used = from; // the record ends the array: grow it in place
        reserve(HEADER + 3 * grown);
      } else {
        int to = reserve(HEADER + 3 * grown);
        System.arraycopy(data, from, data, to, HEADER + 3 * data[from + STACK_SIZE]);
        start[r] = to;
      }
      room[r] = grown;
    }
    int o = start[r];
    data[o + STACK_SIZE] = sp;
    System.arraycopy(stack, 0, data, o + STACK, 3 * sp);
  }

  public int getInt(int r, int field) {
    return data[start[r] + field];
  }

  public void setInt(int r, int field, int v) {
    data[start[r] + field] = v;
  }

  public float getFloat(int r, int field) {
    return Float.intBitsToFloat(data[start[r] + field]);
  }

  public void setFloat(int r, int field, float v) {
    data[start[r] + field] = Float.floatToRawIntBits(v);
  }

  public void set3(int r, int field, float x, float y, float z) {
    int o = start[r] + field;
    data[o] = Float.floatToRawIntBits(x);
    data[o + 1] = Float.floatToRawIntBits(y);
    data[o + 2] = Float.floatToRawIntBits(z);
  }

  public boolean isShadow(int r) {
    return (data[start[r] + FLAGS] & FLAG_SHADOW) != 0;
  }

  public int depth(int r) {
    return depthOf(data[start[r] + FLAGS]);
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
    int o = start[r];
    int sp = data[o + STACK_SIZE];
    return sp == 0 ? -1 : data[o + STACK + 3 * (sp - 1)];
  }

  /** Starts traversal from the scene's root (treelet 0, node 0) and forgets any hit. */
  public void resetTraversal(int r) {
    int o = start[r];
    data[o + STACK_SIZE] = 1;
    data[o + STACK] = 0;
    data[o + STACK + 1] = 0;
    data[o + STACK + 2] = Float.floatToRawIntBits(0f);
    data[o + HIT_LIGHT] = NO_HIT;
    data[o + HIT_PRIM] = -1;
  }

  /** Serialised size of ray r in bytes: the header plus its used stack entries. */
  public int encodedBytes(int r) {
    return 4 * (HEADER + 3 * data[start[r] + STACK_SIZE]);
  }
}
