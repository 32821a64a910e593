package dev.treelet.tracer.film;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir
  Path dir;

  private static float[] gradient(int w, int h) {
    float[] rgb = new float[3 * w * h];
    for (int i = 0; i < w * h; i++) {
      rgb[3 * i] = i / (float) (w * h);
      rgb[3 * i + 1] = 2.5f * (i % w);
      rgb[3 * i + 2] = -0.25f + i % 3;
    }
    return rgb;
  }

  @Test
  void pfmRoundTrips() throws Exception {
    float[] rgb = gradient(5, 3);
    Path f = dir.resolve("a.pfm");
    ImageFiles.write(f, 5, 3, rgb);
    PfmWriter.Image back = PfmWriter.read(f);
    assertEquals(5, back.width());
    assertEquals(3, back.height());
    assertArrayEquals(rgb, back.rgb());
  }

  /** Reads the EXR per the OpenEXR file layout document, independently of the writer's code path. */
  @Test
  void exrHasTheStandardLayoutAndTheExactFloats() throws Exception {
    int w = 4;
    int h = 3;
    float[] rgb = gradient(w, h);
    Path f = dir.resolve("a.exr");
    ImageFiles.write(f, w, h, rgb);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(20000630, b.getInt(), "magic");
    assertEquals(2, b.getInt(), "version 2, scanline, single part");
    Map<String, byte[]> attrs = new HashMap<>();
    while (true) {
      String name = cString(b);
      if (name.isEmpty()) {
        break;
      }
      cString(b);
      byte[] value = new byte[b.getInt()];
      b.get(value);
      attrs.put(name, value);
    }
    assertEquals(0, attrs.get("compression")[0], "uncompressed");
    ByteBuffer window = ByteBuffer.wrap(attrs.get("dataWindow")).order(ByteOrder.LITTLE_ENDIAN);
    assertArrayEquals(new int[] {0, 0, w - 1, h - 1},
        new int[] {window.getInt(), window.getInt(), window.getInt(), window.getInt()});
    String channels = new String(attrs.get("channels"), StandardCharsets.US_ASCII);
    assertEquals(0, channels.indexOf('B'));
    long[] offsets = new long[h];
    for (int y = 0; y < h; y++) {
      offsets[y] = b.getLong();
    }
    for (int y = 0; y < h; y++) {
      b.position((int) offsets[y]);
      assertEquals(y, b.getInt());
      assertEquals(12 * w, b.getInt());
      for (int c = 2; c >= 0; c--) {
        for (int x = 0; x < w; x++) {
          assertEquals(rgb[3 * (y * w + x) + c], b.getFloat(), "pixel " + x + "," + y + " channel " + c);
        }
      }
    }
  }

  @Test
  void pngIsSrgbEncoded() throws Exception {
    float[] rgb = {0, 0.5f, 1, 2, -1, 0.0031308f};
    Path f = dir.resolve("a.png");
    ImageFiles.write(f, 2, 1, rgb);
    BufferedImage img = ImageIO.read(f.toFile());
    assertEquals(0x00bcff, img.getRGB(0, 0) & 0xffffff, "0 -> 0, 0.5 -> 188, 1 -> 255");
    assertEquals(0xff0000 | 10, img.getRGB(1, 0) & 0xffffff, "clamped, and 0.0031308 -> 10");
  }

  private static String cString(ByteBuffer b) {
    StringBuilder s = new StringBuilder();
    for (byte c = b.get(); c != 0; c = b.get()) {
      s.append((char) c);
    }
    return s.toString();
  }
}
