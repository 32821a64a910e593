package dev.treelet.tracer.scene.pbrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same quad-and-triangle mesh written three ways reads back as the same triangles. */
class PlyReaderTest {
  @TempDir
  Path dir;

  /** 5 vertices; one quad (split in two) and one triangle; extra properties to skip. */
  private static final float[] P = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0.5f, 0.5f, 1};
  private static final int[] EXPECTED = {0, 1, 2, 0, 2, 3, 1, 2, 4};

  private static String header(String format) {
    return "ply\nformat " + format + " 1.0\ncomment made by a test\nelement vertex 5\n"
        + "property float x\nproperty float y\nproperty float z\nproperty uchar confidence\n"
        + "element face 2\nproperty uchar intensity\nproperty list uchar int vertex_indices\n"
        + "property list uchar float texcoord\nend_header\n";
  }

  static byte[] binaryPly(ByteOrder order) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header(order == ByteOrder.BIG_ENDIAN ? "binary_big_endian" : "binary_little_endian")
        .getBytes(StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.allocate(1000).order(order);
    for (int v = 0; v < 5; v++) {
      b.putFloat(P[3 * v]).putFloat(P[3 * v + 1]).putFloat(P[3 * v + 2]).put((byte) 7);
    }
    b.put((byte) 9).put((byte) 4).putInt(0).putInt(1).putInt(2).putInt(3).put((byte) 2).putFloat(0.1f).putFloat(0.2f);
    b.put((byte) 9).put((byte) 3).putInt(1).putInt(2).putInt(4).put((byte) 0);
    out.write(b.array(), 0, b.position());
    return out.toByteArray();
  }

  private PlyReader.Mesh read(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    return PlyReader.read(f);
  }

  @Test
  void asciiLittleAndBigEndianAgree() throws IOException {
    String ascii = header("ascii") + "0 0 0 7\n1 0 0 7\n1 1 0 7\n0 1 0 7\n0.5 0.5 1 7\n"
        + "9 4 0 1 2 3 2 0.1 0.2\n9 3 1 2 4 0\n";
    for (PlyReader.Mesh m : new PlyReader.Mesh[] {
        read("a.ply", ascii.getBytes(StandardCharsets.US_ASCII)),
        read("le.ply", binaryPly(ByteOrder.LITTLE_ENDIAN)),
        read("be.ply", binaryPly(ByteOrder.BIG_ENDIAN))}) {
      assertArrayEquals(P, m.positions());
      assertArrayEquals(EXPECTED, m.indices());
      assertNull(m.normals());
    }
  }

  @Test
  void normalsAreRead() throws IOException {
    String ply = "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
        + "property float nx\nproperty float ny\nproperty float nz\nelement face 1\n"
        + "property list uchar uint vertex_index\nend_header\n"
        + "0 0 0 0 0 1\n1 0 0 0 0 1\n0 1 0 0 0 1\n3 0 1 2\n";
    PlyReader.Mesh m = read("n.ply", ply.getBytes(StandardCharsets.US_ASCII));
    assertNotNull(m.normals());
    assertEquals(1f, m.normals()[8]);
    assertArrayEquals(new int[] {0, 1, 2}, m.indices());
  }

  @Test
  void theArmadilloLoadsWhenTheSharedScenesArePresent() throws IOException {
    Path ply = Path.of(System.getProperty("treelet.repo", "."), "..", "shared", "scenes", "armadillo.ply");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ply), "../shared/scenes is not here: " + ply);
    PlyReader.Mesh m = PlyReader.read(ply);
    assertEquals(345_944 * 3, m.indices().length);
    assertEquals(172_974 * 3, m.positions().length);
  }
}
