package dev.treelet.tracer.film;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Portable Float Map: "PF", size, -1 (little-endian), then RGB float rows from the bottom up. */
public final class PfmWriter {
  private PfmWriter() {}

  public static void write(Path file, int width, int height, float[] rgb) throws IOException {
    byte[] header = ("PF\n" + width + " " + height + "\n-1.0\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(header.length + 12 * width * height).order(ByteOrder.LITTLE_ENDIAN);
    b.put(header);
    for (int y = height - 1; y >= 0; y--) {
      for (int i = 3 * y * width; i < 3 * (y + 1) * width; i++) {
        b.putFloat(rgb[i]);
      }
    }
    Files.write(file, b.array());
  }

  /** Reads a PFM written by any tool (either byte order); returns RGB rows top to bottom. */
  public static Image read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int pos = 0;
    String[] tokens = new String[4];
    for (int t = 0; t < 4; t++) {
      while (Character.isWhitespace(all[pos])) {
        pos++;
      }
      int start = pos;
      while (!Character.isWhitespace(all[pos])) {
        pos++;
      }
      tokens[t] = new String(all, start, pos - start, StandardCharsets.US_ASCII);
    }
    pos++;
    if (!tokens[0].equals("PF")) {
      throw new IOException(file + ": not an RGB PFM file (header " + tokens[0] + ")");
    }
    int w = Integer.parseInt(tokens[1]);
    int h = Integer.parseInt(tokens[2]);
    ByteOrder order = Double.parseDouble(tokens[3]) < 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    ByteBuffer b = ByteBuffer.wrap(all, pos, all.length - pos).order(order);
    float[] rgb = new float[3 * w * h];
    for (int y = h - 1; y >= 0; y--) {
      for (int i = 3 * y * w; i < 3 * (y + 1) * w; i++) {
        rgb[i] = b.getFloat();
      }
    }
    return new Image(w, h, rgb);
  }

  /** A linear RGB image, rows top to bottom. */
  public record Image(int width, int height, float[] rgb) {}
}
