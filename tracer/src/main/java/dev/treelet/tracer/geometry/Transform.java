package dev.treelet.tracer.geometry;

/**
 * An affine or projective 4x4 transform with its inverse, in double precision (scene setup only; the
 * hot path sees world-space floats). Immutable. Conventions follow pbrt: points are columns, a
 * transform composes as {@code a.then(b)} = b * a, i.e. apply a first.
 */
public final class Transform {
  public static final Transform IDENTITY = new Transform(identity(), identity());

  private final double[] m; // row-major 4x4
  private final double[] inv;

  private Transform(double[] m, double[] inv) {
    this.m = m;
    this.inv = inv;
  }

  /** From a row-major matrix; fails if it is singular. */
  public static Transform of(double[] rowMajor) {
    double[] inv = invert(rowMajor);
    if (inv == null) {
      throw new IllegalArgumentException("the matrix is singular (not invertible)");
    }
    return new Transform(rowMajor.clone(), inv);
  }

  public static Transform translate(double x, double y, double z) {
    return new Transform(
        new double[] {1, 0, 0, x, 0, 1, 0, y, 0, 0, 1, z, 0, 0, 0, 1},
        new double[] {1, 0, 0, -x, 0, 1, 0, -y, 0, 0, 1, -z, 0, 0, 0, 1});
  }

  public static Transform scale(double x, double y, double z) {
    return of(new double[] {x, 0, 0, 0, 0, y, 0, 0, 0, 0, z, 0, 0, 0, 0, 1});
  }

  /** Rotation by theta degrees about axis (x, y, z), right-handed as in pbrt's Rotate. */
  public static Transform rotate(double thetaDegrees, double x, double y, double z) {
    double len = Math.sqrt(x * x + y * y + z * z);
    if (len == 0) {
      throw new IllegalArgumentException("rotation axis has zero length");
    }
    x /= len;
    y /= len;
    z /= len;
    double s = Math.sin(Math.toRadians(thetaDegrees));
    double c = Math.cos(Math.toRadians(thetaDegrees));
    double[] r = {
      x * x + (1 - x * x) * c, x * y * (1 - c) - z * s, x * z * (1 - c) + y * s, 0,
      x * y * (1 - c) + z * s, y * y + (1 - y * y) * c, y * z * (1 - c) - x * s, 0,
      x * z * (1 - c) - y * s, y * z * (1 - c) + x * s, z * z + (1 - z * z) * c, 0,
      0, 0, 0, 1
    };
    return new Transform(r, transpose(r));
  }

  /** pbrt's LookAt: the camera-from-world transform for an eye at pos looking at look. */
  public static Transform lookAt(double[] pos, double[] look, double[] up) {
    double[] dir = normalize(sub(look, pos));
    double[] upN = normalize(up);
    double[] right = cross(upN, dir);
    if (length(right) == 0) {
      throw new IllegalArgumentException("LookAt: the up vector and viewing direction are parallel");
    }
    right = normalize(right);
    double[] newUp = cross(dir, right);
    double[] worldFromCamera = {
      right[0], newUp[0], dir[0], pos[0],
      right[1], newUp[1], dir[1], pos[1],
      right[2], newUp[2], dir[2], pos[2],
      0, 0, 0, 1
    };
    return of(worldFromCamera).inverse();
  }

  public Transform inverse() {
    return new Transform(inv, m);
  }

  /** This transform followed by next: next * this. */
  public Transform then(Transform next) {
    return new Transform(multiply(next.m, m), multiply(inv, next.inv));
  }

  public boolean swapsHandedness() {
    double det =
        m[0] * (m[5] * m[10] - m[6] * m[9])
            - m[1] * (m[4] * m[10] - m[6] * m[8])
            + m[2] * (m[4] * m[9] - m[5] * m[8]);
    return det < 0;
  }

  /** Applies to the point (x, y, z); writes out[0..2]. */
  public void point(double x, double y, double z, double[] out) {
    double px = m[0] * x + m[1] * y + m[2] * z + m[3];
    double py = m[4] * x + m[5] * y + m[6] * z + m[7];
    double pz = m[8] * x + m[9] * y + m[10] * z + m[11];
    double w = m[12] * x + m[13] * y + m[14] * z + m[15];
    if (w != 1) {
      px /= w;
      py /= w;
      pz /= w;
    }
    out[0] = px;
    out[1] = py;
    out[2] = pz;
  }

  public void vector(double x, double y, double z, double[] out) {
    out[0] = m[0] * x + m[1] * y + m[2] * z;
    out[1] = m[4] * x + m[5] * y + m[6] * z;
    out[2] = m[8] * x + m[9] * y + m[10] * z;
  }

  /** Normals transform by the inverse transpose. */
  public void normal(double x, double y, double z, double[] out) {
    out[0] = inv[0] * x + inv[4] * y + inv[8] * z;
    out[1] = inv[1] * x + inv[5] * y + inv[9] * z;
    out[2] = inv[2] * x + inv[6] * y + inv[10] * z;
  }

  private static double[] identity() {
    return new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
  }

  private static double[] transpose(double[] a) {
    double[] t = new double[16];
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        t[c * 4 + r] = a[r * 4 + c];
      }
    }
    return t;
  }

  private static double[] multiply(double[] a, double[] b) {
    double[] r = new double[16];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double s = 0;
        for (int k = 0; k < 4; k++) {
          s += a[i * 4 + k] * b[k * 4 + j];
        }
        r[i * 4 + j] = s;
      }
    }
    return r;
  }

  /** Gauss-Jordan with partial pivoting; null if singular. */
  private static double[] invert(double[] a) {
    double[] w = a.clone();
    double[] r = identity();
    for (int col = 0; col < 4; col++) {
      int pivot = col;
      for (int row = col + 1; row < 4; row++) {
        if (Math.abs(w[row * 4 + col]) > Math.abs(w[pivot * 4 + col])) {
          pivot = row;
        }
      }
      if (Math.abs(w[pivot * 4 + col]) < 1e-300) {
        return null;
      }
      swapRows(w, col, pivot);
      swapRows(r, col, pivot);
      double p = w[col * 4 + col];
      for (int k = 0; k < 4; k++) {
        w[col * 4 + k] /= p;
        r[col * 4 + k] /= p;
      }
      for (int row = 0; row < 4; row++) {
        if (row != col) {
          double f = w[row * 4 + col];
          for (int k = 0; k < 4; k++) {
            w[row * 4 + k] -= f * w[col * 4 + k];
            r[row * 4 + k] -= f * r[col * 4 + k];
          }
        }
      }
    }
    return r;
  }

  private static void swapRows(double[] a, int i, int j) {
    for (int k = 0; k < 4; k++) {
      double t = a[i * 4 + k];
      a[i * 4 + k] = a[j * 4 + k];
      a[j * 4 + k] = t;
    }
  }

  private static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  private static double length(double[] a) {
    return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  }

  private static double[] normalize(double[] a) {
    double l = length(a);
    return new double[] {a[0] / l, a[1] / l, a[2] / l};
  }
}
