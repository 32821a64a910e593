package dev.treelet.tracer.scene;

import java.util.Arrays;

/**
 * All triangles of a scene in world space, as flat growable arrays (one index per triangle). The
 * vertex order already encodes orientation: the geometric normal is cross(v1 - v0, v2 - v0), and the
 * parser swaps v1/v2 where pbrt's ReverseOrientation or a handedness-swapping transform says so.
 */
public final class TriangleSoup {
  public static final int NO_LIGHT = -1;

  private float[] positions = new float[9 * 64];
  private float[] normals; // 9 per triangle when any triangle has normals; NaN at [9i] when not
  private int[] material = new int[64];
  private int[] light = new int[64];
  private int count;

  public int count() {
    return count;
  }

  /** Appends one triangle; normals may be null (flat shading). Returns its index. */
  public int add(float[] v, float[] n, int materialId, int lightId) {
    ensureCapacity(count + 1);
    System.arraycopy(v, 0, positions, 9 * count, 9);
    if (n != null) {
      if (normals == null) {
        normals = new float[positions.length];
        for (int i = 0; i < count; i++) {
          normals[9 * i] = Float.NaN;
        }
      }
      System.arraycopy(n, 0, normals, 9 * count, 9);
    } else if (normals != null) {
      normals[9 * count] = Float.NaN;
    }
    material[count] = materialId;
    light[count] = lightId;
    return count++;
  }

  private void ensureCapacity(int n) {
    if (n <= material.length) {
      return;
    }
    int cap = Math.max(n, material.length * 2);
    positions = Arrays.copyOf(positions, 9 * cap);
    if (normals != null) {
      normals = Arrays.copyOf(normals, 9 * cap);
    }
    material = Arrays.copyOf(material, cap);
    light = Arrays.copyOf(light, cap);
  }

  /** Flat positions, 9 floats per triangle (v0, v1, v2); may be longer than 9 * count(). */
  public float[] positions() {
    return positions;
  }

  public boolean hasNormals(int tri) {
    return normals != null && !Float.isNaN(normals[9 * tri]);
  }

  /** Per-vertex shading normals of tri, or null if none (callers check hasNormals first). */
  public float[] normals() {
    return normals;
  }

  public int material(int tri) {
    return material[tri];
  }

  public int light(int tri) {
    return light[tri];
  }
}
