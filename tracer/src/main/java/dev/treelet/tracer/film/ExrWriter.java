package dev.treelet.tracer.film;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * OpenEXR, the VFX interchange format: single-part scanline, uncompressed, 32-bit float channels
 * B, G, R (alphabetical, as the format requires), linear. No maintained pure-Java EXR library exists
 * on Maven Central, and this subset is small: header attributes, a line offset table, then one
 * chunk per scanline (y, byte count, channels one after another).
 */
public final class ExrWriter {
  private static final int MAGIC = 20000630;
  private static final int FLOAT = 2;

  private ExrWriter() {}

  public static void write(Path file, int width, int height, float[] rgb) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(MAGIC).putInt(2); // version 2, single-part scanline
    // channels: name\0 pixelType(int) pLinear(uchar) reserved(3) xSampling(int) ySampling(int), then \0
    ByteBuffer ch = ByteBuffer.allocate(3 * 18 + 1).order(ByteOrder.LITTLE_ENDIAN);
    for (String c : new String[] {"B", "G", "R"}) {
      ch.put(c.getBytes(StandardCharsets.US_ASCII)).put((byte) 0).putInt(FLOAT).put(new byte[4]).putInt(1).putInt(1);
    }
    ch.put((byte) 0);
    attribute(h, "channels", "chlist", ch.array());
    attribute(h, "compression", "compression", new byte[] {0});
    ByteBuffer box = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    box.putInt(0).putInt(0).putInt(width - 1).putInt(height - 1);
    attribute(h, "dataWindow", "box2i", box.array());
    attribute(h, "displayWindow", "box2i", box.array());
    attribute(h, "lineOrder", "lineOrder", new byte[] {0});
    attribute(h, "pixelAspectRatio", "float", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).array());
    attribute(h, "screenWindowCenter", "v2f", new byte[8]);
    attribute(h, "screenWindowWidth", "float", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).array());
    h.put((byte) 0);
    int headerBytes = h.position();
    int lineBytes = 3 * 4 * width;
    int chunkBytes = 8 + lineBytes;
    ByteBuffer out = ByteBuffer.allocate(headerBytes + 8 * height + chunkBytes * height).order(ByteOrder.LITTLE_ENDIAN);
    out.put(h.array(), 0, headerBytes);
    long first = headerBytes + 8L * height;
    for (int y = 0; y < height; y++) {
      out.putLong(first + (long) y * chunkBytes);
    }
    for (int y = 0; y < height; y++) {
      out.putInt(y).putInt(lineBytes);
      for (int c = 2; c >= 0; c--) { // B, G, R
        for (int x = 0; x < width; x++) {
          out.putFloat(rgb[3 * (y * width + x) + c]);
        }
      }
    }
    Files.write(file, out.array());
  }

  private static void attribute(ByteBuffer h, String name, String type, byte[] value) {
    h.put(name.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
    h.put(type.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
    h.putInt(value.length).put(value);
  }
}
