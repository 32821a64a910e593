package dev.treelet.tracer.treelet;

import dev.treelet.tracer.bvh.ChildRef;
import dev.treelet.tracer.ray.RayBatch;

/**
 * The BVH traversal kernel: one ray at a time through one treelet, over flat arrays with a fixed
 * stack and no allocation. One instance per thread; it is scratch state, not shared.
 *
 * <p>The stack holds (treelet, node, entry distance) entries and is the only traversal state, so a
 * ray can stop when the next entry belongs to another treelet and carry its stack there: the
 * entries are visited in exactly the order an unsplit BVH would visit them, which makes a treelet
 * render bit-identical to the unsplit one. Entries farther than the best hit are dropped before
 * they are looked at, so a ray never travels to a treelet that cannot hold a closer hit.
 *
 * <p>Both child boxes of a node are tested at once; leaf children are intersected at once, interior
 * and linked children are pushed far-first so the nearer is visited first.
 */
public final class Traversal {
  public static final int DONE = -1;
  /** Entry distance of a box the ray misses: NaN fails every comparison, even with tMax = infinity. */
  private static final float MISS = Float.NaN;
  private static final float ROBUST_EXIT = 1 + 2 * 3 * 0x1p-24f; // pbrt's 1 + 2 gamma(3)

  private final int[] stackTreelet = new int[RayBatch.MAX_STACK];
  private final int[] stackNode = new int[RayBatch.MAX_STACK];
  private final float[] stackT = new float[RayBatch.MAX_STACK];
  private int sp;

  private float ox;
  private float oy;
  private float oz;
  private float dx;
  private float dy;
  private float dz;
  private float tMax;
  private int hitTri = -1;
  private float hitU;
  private float hitV;
  private boolean occluded;

  /** Starts a ray at the scene root (treelet 0, node 0). */
  public void start(float ox, float oy, float oz, float dx, float dy, float dz, float tMax) {
    setRay(ox, oy, oz, dx, dy, dz, tMax);
    sp = 1;
    stackTreelet[0] = 0;
    stackNode[0] = 0;
    stackT[0] = 0;
  }

  /** Loads ray r's geometry and traversal stack from a batch. */
  public void load(RayBatch b, int r) {
    setRay(b.getFloat(r, RayBatch.ORIGIN), b.getFloat(r, RayBatch.ORIGIN + 1), b.getFloat(r, RayBatch.ORIGIN + 2),
        b.getFloat(r, RayBatch.DIRECTION), b.getFloat(r, RayBatch.DIRECTION + 1),
        b.getFloat(r, RayBatch.DIRECTION + 2), b.getFloat(r, RayBatch.T_MAX));
    sp = b.getInt(r, RayBatch.STACK_SIZE);
    for (int i = 0; i < sp; i++) {
      stackTreelet[i] = b.getInt(r, RayBatch.STACK + 3 * i);
      stackNode[i] = b.getInt(r, RayBatch.STACK + 3 * i + 1);
      stackT[i] = b.getFloat(r, RayBatch.STACK + 3 * i + 2);
    }
  }

  /** Stores the stack and best distance back into ray r (the caller stores hit data). */
  public void store(RayBatch b, int r) {
    b.setFloat(r, RayBatch.T_MAX, tMax);
    b.setInt(r, RayBatch.STACK_SIZE, sp);
    for (int i = 0; i < sp; i++) {
      b.setInt(r, RayBatch.STACK + 3 * i, stackTreelet[i]);
      b.setInt(r, RayBatch.STACK + 3 * i + 1, stackNode[i]);
      b.setFloat(r, RayBatch.STACK + 3 * i + 2, stackT[i]);
    }
  }

  private void setRay(float ox, float oy, float oz, float dx, float dy, float dz, float tMax) {
    this.ox = ox;
    this.oy = oy;
    this.oz = oz;
    this.dx = dx;
    this.dy = dy;
    this.dz = dz;
    this.tMax = tMax;
    this.hitTri = -1;
    this.occluded = false;
  }

  public float tMax() {
    return tMax;
  }

  /** Local index (in the treelet just traversed) of the closest triangle found there, or -1. */
  public int hitTriangle() {
    return hitTri;
  }

  public float hitU() {
    return hitU;
  }

  public float hitV() {
    return hitV;
  }

  public boolean occluded() {
    return occluded;
  }

  /**
   * Traverses treelet t until the ray's stack is empty ({@link #DONE}) or its next entry lies in
   * another treelet (that treelet's id is returned). With anyHit, the first hit ends traversal.
   */
  public int run(Treelet t, boolean anyHit) {
    final int id = t.id;
    final float[] cb = t.childBounds;
    final int[] refs = t.childRefs;
    final float idx = 1 / dx;
    final float idy = 1 / dy;
    final float idz = 1 / dz;
    final int nx = idx < 0 ? 3 : 0;
    final int ny = idy < 0 ? 4 : 1;
    final int nz = idz < 0 ? 5 : 2;
    final int fx = 3 - nx;
    final int fy = 5 - ny;
    final int fz = 7 - nz;
    hitTri = -1;
    while (sp > 0) {
      int top = sp - 1;
      if (stackT[top] > tMax) {
        sp = top;
        continue;
      }
      if (stackTreelet[top] != id) {
        return stackTreelet[top];
      }
      int node = stackNode[top];
      sp = top;
      int o = 12 * node;
      float t0 = entry(cb, o, nx, ny, nz, fx, fy, fz, idx, idy, idz);
      float t1 = entry(cb, o + 6, nx, ny, nz, fx, fy, fz, idx, idy, idz);
      int r = 4 * node;
      if (t0 <= tMax && ChildRef.kind(refs[r + 1]) == ChildRef.LEAF) {
        intersectLeaf(t, refs[r], ChildRef.payload(refs[r + 1]), anyHit);
        t0 = MISS;
      }
      if (t1 <= tMax && ChildRef.kind(refs[r + 3]) == ChildRef.LEAF) {
        intersectLeaf(t, refs[r + 2], ChildRef.payload(refs[r + 3]), anyHit);
        t1 = MISS;
      }
      if (occluded) {
        sp = 0;
        return DONE;
      }
      boolean h0 = t0 <= tMax;
      boolean h1 = t1 <= tMax;
      if (h0 && h1) {
        if (t0 <= t1) {
          push(id, refs, r + 2, t1);
          push(id, refs, r, t0);
        } else {
          push(id, refs, r, t0);
          push(id, refs, r + 2, t1);
        }
      } else if (h0) {
        push(id, refs, r, t0);
      } else if (h1) {
        push(id, refs, r + 2, t1);
      }
    }
    return DONE;
  }

  private void push(int id, int[] refs, int r, float tEntry) {
    int a = refs[r];
    int b = refs[r + 1];
    if (ChildRef.kind(b) == ChildRef.INTERIOR) {
      stackTreelet[sp] = id;
      stackNode[sp] = a;
    } else {
      stackTreelet[sp] = a;
      stackNode[sp] = ChildRef.payload(b);
    }
    stackT[sp++] = tEntry;
  }

  /** Slab test against the box at cb[o..o+6); returns the entry distance, or {@link #MISS}. */
  private float entry(float[] cb, int o, int nx, int ny, int nz, int fx, int fy, int fz,
      float idx, float idy, float idz) {
    float tNearX = (cb[o + nx] - ox) * idx;
    float tNearY = (cb[o + ny] - oy) * idy;
    float tNearZ = (cb[o + nz] - oz) * idz;
    float tFarX = (cb[o + fx] - ox) * idx;
    float tFarY = (cb[o + fy] - oy) * idy;
    float tFarZ = (cb[o + fz] - oz) * idz;
    float tNear = max(max(tNearX, tNearY), max(tNearZ, 0f));
    float tFar = min(min(tFarX, tFarY), min(tFarZ, tMax)) * ROBUST_EXIT;
    return tNear <= tFar ? tNear : MISS;
  }

  private static float max(float a, float b) {
    return a > b ? a : b;
  }

  private static float min(float a, float b) {
    return a < b ? a : b;
  }

  /** Moller-Trumbore against count triangles from first; keeps the closest hit with 0 < t < tMax. */
  private void intersectLeaf(Treelet t, int first, int count, boolean anyHit) {
    final float[] tri = t.tri;
    for (int i = first, end = first + count; i < end; i++) {
      int o = 9 * i;
      float e1x = tri[o + 3];
      float e1y = tri[o + 4];
      float e1z = tri[o + 5];
      float e2x = tri[o + 6];
      float e2y = tri[o + 7];
      float e2z = tri[o + 8];
      float px = dy * e2z - dz * e2y;
      float py = dz * e2x - dx * e2z;
      float pz = dx * e2y - dy * e2x;
      float det = e1x * px + e1y * py + e1z * pz;
      if (det == 0) {
        continue;
      }
      float inv = 1 / det;
      float sx = ox - tri[o];
      float sy = oy - tri[o + 1];
      float sz = oz - tri[o + 2];
      float u = (sx * px + sy * py + sz * pz) * inv;
      if (u < 0 || u > 1) {
        continue;
      }
      float qx = sy * e1z - sz * e1y;
      float qy = sz * e1x - sx * e1z;
      float qz = sx * e1y - sy * e1x;
      float v = (dx * qx + dy * qy + dz * qz) * inv;
      if (v < 0 || u + v > 1) {
        continue;
      }
      float d = (e2x * qx + e2y * qy + e2z * qz) * inv;
      if (d > 0 && d < tMax) {
        tMax = d;
        hitTri = i;
        hitU = u;
        hitV = v;
        if (anyHit) {
          occluded = true;
          return;
        }
      }
    }
  }
}
