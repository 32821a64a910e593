package dev.treelet.tracer.film;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** An 8-bit sRGB preview: linear values clamped to [0, 1] and sRGB-encoded (no other tone mapping). */
public final class PngWriter {
  private PngWriter() {}

  public static void write(Path file, int width, int height, float[] rgb) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = 3 * (y * width + x);
        img.setRGB(x, y, encode(rgb[i]) << 16 | encode(rgb[i + 1]) << 8 | encode(rgb[i + 2]));
      }
    }
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException("no PNG writer available in this Java runtime");
    }
  }

  /** sRGB transfer function, rounded to 8 bits. */
  static int encode(float linear) {
    float v = Float.isNaN(linear) ? 0 : Math.max(0, Math.min(1, linear));
    double s = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    return (int) Math.round(s * 255);
  }
}
