package dev.treelet.tracer.scene;

import dev.treelet.tracer.geometry.Transform;

/**
 * pbrt's perspective camera: fov spans the shorter image axis, raster y grows downwards, camera space
 * looks down +z. Generates world-space rays for a raster position (pixel + offset).
 */
public final class Camera {
  private final int width;
  private final int height;
  private final float[] origin = new float[3];
  private final float[] m = new float[9]; // world-from-camera rotation, row-major
  private final float screenX;
  private final float screenY;

  public Camera(Transform cameraFromWorld, float fovDegrees, int width, int height) {
    this.width = width;
    this.height = height;
    Transform worldFromCamera = cameraFromWorld.inverse();
    double[] o = new double[3];
    worldFromCamera.point(0, 0, 0, o);
    for (int i = 0; i < 3; i++) {
      origin[i] = (float) o[i];
    }
    double[] col = new double[3];
    for (int c = 0; c < 3; c++) {
      worldFromCamera.vector(c == 0 ? 1 : 0, c == 1 ? 1 : 0, c == 2 ? 1 : 0, col);
      for (int r = 0; r < 3; r++) {
        m[r * 3 + c] = (float) col[r];
      }
    }
    float aspect = (float) width / height;
    float tanHalf = (float) Math.tan(Math.toRadians(fovDegrees) / 2);
    // Screen window [-aspect, aspect] x [-1, 1] for landscape, [-1, 1] x [-1/aspect, 1/aspect] else.
    screenX = (aspect > 1 ? aspect : 1) * tanHalf;
    screenY = (aspect > 1 ? 1 : 1 / aspect) * tanHalf;
  }

  private Camera(int width, int height, float[] origin, float[] m, float screenX, float screenY) {
    this.width = width;
    this.height = height;
    System.arraycopy(origin, 0, this.origin, 0, 3);
    System.arraycopy(m, 0, this.m, 0, 9);
    this.screenX = screenX;
    this.screenY = screenY;
  }

  /** Writes the camera exactly (its derived floats, so a worker's rays equal the parser's). */
  public void write(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(width);
    out.writeInt(height);
    for (float v : origin) {
      out.writeFloat(v);
    }
    for (float v : m) {
      out.writeFloat(v);
    }
    out.writeFloat(screenX);
    out.writeFloat(screenY);
  }

  public static Camera read(java.io.DataInput in) throws java.io.IOException {
    int w = in.readInt();
    int h = in.readInt();
    float[] o = new float[3];
    float[] rot = new float[9];
    for (int i = 0; i < 3; i++) {
      o[i] = in.readFloat();
    }
    for (int i = 0; i < 9; i++) {
      rot[i] = in.readFloat();
    }
    return new Camera(w, h, o, rot, in.readFloat(), in.readFloat());
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** World-space ray through raster position (rx, ry); writes origin[0..2] then unit direction[3..5]. */
  public void generate(float rx, float ry, float[] out) {
    float cx = (2 * rx / width - 1) * screenX;
    float cy = (1 - 2 * ry / height) * screenY;
    float dx = m[0] * cx + m[1] * cy + m[2];
    float dy = m[3] * cx + m[4] * cy + m[5];
    float dz = m[6] * cx + m[7] * cy + m[8];
    float inv = 1 / (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    out[0] = origin[0];
    out[1] = origin[1];
    out[2] = origin[2];
    out[3] = dx * inv;
    out[4] = dy * inv;
    out[5] = dz * inv;
  }
}
