package dev.treelet.tracer.scene.pbrt;

/**
 * Tessellates pbrt's "sphere" into a closed latitude-longitude triangle mesh. No shading normals: a
 * convex polyhedron keeps the white furnace exact (every bounce off it escapes).
 */
final class SphereMesh {
  static final int SEGMENTS = 96;
  static final int RINGS = 48;

  private SphereMesh() {}

  static PlyReader.Mesh create(float radius) {
    int vertexCount = 2 + (RINGS - 1) * SEGMENTS;
    float[] p = new float[3 * vertexCount];
    p[2] = radius; // north pole (+z, as pbrt's sphere is about z)
    p[3 * (vertexCount - 1) + 2] = -radius;
    for (int ring = 1; ring < RINGS; ring++) {
      double theta = Math.PI * ring / RINGS;
      for (int s = 0; s < SEGMENTS; s++) {
        double phi = 2 * Math.PI * s / SEGMENTS;
        int v = 1 + (ring - 1) * SEGMENTS + s;
        p[3 * v] = (float) (radius * Math.sin(theta) * Math.cos(phi));
        p[3 * v + 1] = (float) (radius * Math.sin(theta) * Math.sin(phi));
        p[3 * v + 2] = (float) (radius * Math.cos(theta));
      }
    }
    int[] idx = new int[3 * 2 * SEGMENTS * (RINGS - 1)];
    int n = 0;
    for (int s = 0; s < SEGMENTS; s++) {
      int s1 = (s + 1) % SEGMENTS;
      // Outward-facing winding: cross(v1 - v0, v2 - v0) points away from the centre.
      idx[n++] = 0;
      idx[n++] = 1 + s;
      idx[n++] = 1 + s1;
      int last = 1 + (RINGS - 2) * SEGMENTS;
      idx[n++] = vertexCount - 1;
      idx[n++] = last + s1;
      idx[n++] = last + s;
      for (int ring = 1; ring < RINGS - 1; ring++) {
        int a = 1 + (ring - 1) * SEGMENTS;
        int b = a + SEGMENTS;
        idx[n++] = a + s;
        idx[n++] = b + s;
        idx[n++] = b + s1;
        idx[n++] = a + s;
        idx[n++] = b + s1;
        idx[n++] = a + s1;
      }
    }
    return new PlyReader.Mesh(p, null, java.util.Arrays.copyOf(idx, n));
  }
}
