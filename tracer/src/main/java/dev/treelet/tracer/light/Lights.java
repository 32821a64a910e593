package dev.treelet.tracer.light;

import java.util.Arrays;

/**
 * Every light of a scene, in flat arrays: small, and replicated on every worker (area light geometry
 * is copied here so next-event estimation never needs a treelet).
 *
 * <p>Light selection is uniform over all lights, in this order: the (summed) uniform environment if
 * any, then distant lights, then emitting triangles. Index i of {@link #count()} names one light.
 */
public final class Lights {
  private final float[] environment = new float[3];
  private boolean hasEnvironment;
  private float[] distantDir = new float[0]; // unit vector towards the light, 3 per light
  private float[] distantL = new float[0];
  private int distantCount;
  private float[] areaV = new float[0]; // 9 per triangle
  private float[] areaN = new float[0]; // unit geometric normal, 3 per triangle
  private float[] areaArea = new float[0];
  private float[] areaL = new float[0];
  private boolean[] areaTwoSided = new boolean[0];
  private int areaCount;

  public void addEnvironment(float r, float g, float b) {
    environment[0] += r;
    environment[1] += g;
    environment[2] += b;
    hasEnvironment = true;
  }

  public void addDistant(float[] towardsLight, float[] radiance) {
    float len = (float) Math.sqrt(dot(towardsLight, towardsLight));
    addDistantUnit(new float[] {towardsLight[0] / len, towardsLight[1] / len, towardsLight[2] / len}, radiance);
  }

  /** Adds a distant light whose direction is already unit length, exactly as given (no renormalising). */
  public void addDistantUnit(float[] unitTowardsLight, float[] radiance) {
    distantDir = Arrays.copyOf(distantDir, 3 * (distantCount + 1));
    distantL = Arrays.copyOf(distantL, 3 * (distantCount + 1));
    System.arraycopy(unitTowardsLight, 0, distantDir, 3 * distantCount, 3);
    System.arraycopy(radiance, 0, distantL, 3 * distantCount, 3);
    distantCount++;
  }

  /** Adds an emitting triangle (vertices already in world space and orientation); returns its id. */
  public int addAreaTriangle(float[] v, float[] radiance, boolean twoSided) {
    if (areaCount == areaArea.length) {
      int cap = Math.max(4, areaCount * 2);
      areaV = Arrays.copyOf(areaV, 9 * cap);
      areaN = Arrays.copyOf(areaN, 3 * cap);
      areaArea = Arrays.copyOf(areaArea, cap);
      areaL = Arrays.copyOf(areaL, 3 * cap);
      areaTwoSided = Arrays.copyOf(areaTwoSided, cap);
    }
    System.arraycopy(v, 0, areaV, 9 * areaCount, 9);
    float[] e1 = {v[3] - v[0], v[4] - v[1], v[5] - v[2]};
    float[] e2 = {v[6] - v[0], v[7] - v[1], v[8] - v[2]};
    float nx = e1[1] * e2[2] - e1[2] * e2[1];
    float ny = e1[2] * e2[0] - e1[0] * e2[2];
    float nz = e1[0] * e2[1] - e1[1] * e2[0];
    float len = (float) Math.sqrt(nx * nx + ny * ny + nz * nz);
    areaArea[areaCount] = len / 2;
    float inv = len > 0 ? 1 / len : 0;
    areaN[3 * areaCount] = nx * inv;
    areaN[3 * areaCount + 1] = ny * inv;
    areaN[3 * areaCount + 2] = nz * inv;
    System.arraycopy(radiance, 0, areaL, 3 * areaCount, 3);
    areaTwoSided[areaCount] = twoSided;
    return areaCount++;
  }

  public int count() {
    return (hasEnvironment ? 1 : 0) + distantCount + areaCount;
  }

  public boolean hasEnvironment() {
    return hasEnvironment;
  }

  public float[] environment() {
    return environment;
  }

  public int distantCount() {
    return distantCount;
  }

  public int areaCount() {
    return areaCount;
  }

  public float[] distantDirections() {
    return distantDir;
  }

  public float[] distantRadiance() {
    return distantL;
  }

  public float[] areaVertices() {
    return areaV;
  }

  public float[] areaNormals() {
    return areaN;
  }

  public float area(int id) {
    return areaArea[id];
  }

  public float[] areaRadiance() {
    return areaL;
  }

  public boolean areaTwoSided(int id) {
    return areaTwoSided[id];
  }

  private static float dot(float[] a, float[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
