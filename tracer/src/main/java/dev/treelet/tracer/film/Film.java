package dev.treelet.tracer.film;

/**
 * Per-pixel sums of sample radiance and exact sample counts.
 *
 * <p>Sums are 64-bit fixed point (2^-28 units, range about +-3.4e10), not floats: integer addition is
 * associative, so the image does not depend on the order samples arrive in. That is what lets a
 * distributed or restored render equal the single-process one bit for bit. A non-finite
 * contribution is dropped and counted in {@link #droppedContributions()}; its weight still counts.
 */
public final class Film {
  public static final double UNIT = 0x1p28;
  private static final double MAX = Long.MAX_VALUE / 4.0 / UNIT;

  private final int width;
  private final int height;
  private final long[] sum; // 3 per pixel
  private final int[] count;
  private long dropped;

  public Film(int width, int height) {
    this.width = width;
    this.height = height;
    this.sum = new long[3 * width * height];
    this.count = new int[width * height];
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int pixelCount() {
    return count.length;
  }

  /** Adds one contribution; weight 1 counts a finished camera sample, 0 adds light only. */
  public void add(int pixel, float r, float g, float b, int weight) {
    if (!(Float.isFinite(r) && Float.isFinite(g) && Float.isFinite(b))) {
      dropped++;
    } else {
      sum[3 * pixel] += toFixed(r);
      sum[3 * pixel + 1] += toFixed(g);
      sum[3 * pixel + 2] += toFixed(b);
    }
    count[pixel] += weight;
  }

  /** Adds raw fixed-point sums and a count (merging films or aggregator state). */
  public void addFixed(int pixel, long r, long g, long b, int samples) {
    sum[3 * pixel] += r;
    sum[3 * pixel + 1] += g;
    sum[3 * pixel + 2] += b;
    count[pixel] += samples;
  }

  public void merge(Film other) {
    for (int p = 0; p < count.length; p++) {
      addFixed(p, other.sum[3 * p], other.sum[3 * p + 1], other.sum[3 * p + 2], other.count[p]);
    }
    dropped += other.dropped;
  }

  public static long toFixed(float v) {
    double d = Math.max(-MAX, Math.min(MAX, (double) v));
    return Math.round(d * UNIT);
  }

  public int samples(int pixel) {
    return count[pixel];
  }

  public long fixedSum(int pixel, int channel) {
    return sum[3 * pixel + channel];
  }

  /** Mean radiance of a channel (0 when the pixel has no samples). */
  public float value(int pixel, int channel) {
    int n = count[pixel];
    return n == 0 ? 0 : (float) (sum[3 * pixel + channel] / UNIT / n);
  }

  /** The image as linear RGB floats, 3 per pixel, rows top to bottom. */
  public float[] rgb() {
    float[] out = new float[3 * count.length];
    for (int p = 0; p < count.length; p++) {
      for (int c = 0; c < 3; c++) {
        out[3 * p + c] = value(p, c);
      }
    }
    return out;
  }

  public long totalSamples() {
    long n = 0;
    for (int c : count) {
      n += c;
    }
    return n;
  }

  public int minSamples() {
    int m = Integer.MAX_VALUE;
    for (int c : count) {
      m = Math.min(m, c);
    }
    return m;
  }

  public int maxSamples() {
    int m = 0;
    for (int c : count) {
      m = Math.max(m, c);
    }
    return m;
  }

  public long droppedContributions() {
    return dropped;
  }
}
