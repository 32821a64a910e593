package dev.treelet.tracer.scene.pbrt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken scene file is an error that names file:line and says what to do, never a stack trace. */
class BrokenSceneTest {
  @TempDir
  Path dir;

  private static final String HEADER = """
      LookAt 0 0 -5  0 0 0  0 1 0
      Camera "perspective" "float fov" [ 30 ]
      WorldBegin
      """;

  private String error(String body) throws IOException {
    Path f = dir.resolve("scene.pbrt");
    Files.writeString(f, HEADER + body);
    SceneError e = assertThrows(SceneError.class, () -> PbrtParser.parse(f, w -> { }));
    return e.getMessage();
  }

  private static void assertNames(String message, String location, String... words) {
    assertTrue(message.contains(location), "\"" + message + "\" should name " + location);
    for (String w : words) {
      assertTrue(message.contains(w), "\"" + message + "\" should mention " + w);
    }
  }

  @Test
  void badToken() throws IOException {
    assertNames(error("Translate 0 0 foo\n"), "scene.pbrt:4", "Translate expects a number", "foo");
    assertNames(error("Shape \"sphere\"\n  what\n"), "scene.pbrt:5", "what", "directive");
    assertNames(error("Material \"diffuse\" \"reflectance\" [ 1 1 1 ]\n"), "scene.pbrt:4", "type name");
    assertNames(error("Shape \"sphere\" \"float radius\" [ 1 \n"), "scene.pbrt:4", "closing ']'");
    assertNames(error("Shape \"sphere\n"), "scene.pbrt:4", "unterminated string");
  }

  @Test
  void missingPly() throws IOException {
    assertNames(error("Shape \"plymesh\" \"string filename\" [ \"nowhere.ply\" ]\n"), "scene.pbrt:4",
        "nowhere.ply", "not found");
  }

  @Test
  void truncatedBinaryPly() throws IOException {
    byte[] whole = PlyReaderTest.binaryPly(ByteOrder.LITTLE_ENDIAN);
    Files.write(dir.resolve("cut.ply"), java.util.Arrays.copyOf(whole, whole.length - 7));
    assertNames(error("\n\nShape \"plymesh\" \"string filename\" \"cut.ply\"\n"), "scene.pbrt:6", "cut.ply",
        "truncated", "face");
  }

  @Test
  void wrongParameterType() throws IOException {
    Path f = dir.resolve("scene.pbrt");
    Files.writeString(f, "Film \"rgb\" \"float xresolution\" [ 64 ]\n" + HEADER);
    SceneError e = assertThrows(SceneError.class, () -> PbrtParser.parse(f, w -> { }));
    assertNames(e.getMessage(), "scene.pbrt:1", "xresolution", "\"integer\"", "\"float\"");
    assertNames(error("Shape \"sphere\" \"integer radius\" [ 1.5 ]\n"), "scene.pbrt:4", "non-integer");
    assertNames(error("Shape \"sphere\" \"string radius\" [ 1 ]\n"), "scene.pbrt:4", "quoted strings");
  }

  @Test
  void unknownMaterialName() throws IOException {
    String m = error("MakeNamedMaterial \"red\" \"string type\" \"diffuse\"\nNamedMaterial \"blue\"\n");
    assertNames(m, "scene.pbrt:5", "\"blue\"", "MakeNamedMaterial", "red");
  }

  @Test
  void includedFileErrorsNameTheIncludedFile() throws IOException {
    Files.writeString(dir.resolve("part.pbrt"), "# part\nTranslate 1 2\n");
    assertNames(error("Include \"part.pbrt\"\n"), "part.pbrt:3", "Translate expects a number");
    assertNames(error("Include \"absent.pbrt\"\n"), "scene.pbrt:4", "absent.pbrt", "not found");
  }

  @Test
  void unsupportedThingsWarnWithFileAndLine() throws IOException {
    Path f = dir.resolve("scene.pbrt");
    Files.writeString(f, HEADER + """
        PixelFilter "gaussian"
        LightSource "spot" "point3 from" [ 0 0 0 ]
        Shape "disk"
        Material "diffuse" "float sigma" [ 3 ]
        Frobnicate 1 2 3
        Shape "sphere"
        """);
    List<String> warnings = new ArrayList<>();
    var scene = PbrtParser.parse(f, warnings::add);
    assertTrue(scene.triangles().count() > 0, "the supported parts still load");
    String all = String.join("\n", warnings);
    assertNames(all, "scene.pbrt:4", "PixelFilter");
    assertNames(all, "scene.pbrt:5", "LightSource \"spot\"");
    assertNames(all, "scene.pbrt:6", "Shape \"disk\"");
    assertNames(all, "scene.pbrt:7", "sigma");
    assertNames(all, "scene.pbrt:8", "Frobnicate");
    assertTrue(warnings.size() == 5, "one warning each: " + warnings);
  }

  @Test
  void sceneFileNotFound() {
    SceneError e = assertThrows(SceneError.class, () -> PbrtParser.parse(dir.resolve("nope.pbrt"), w -> { }));
    assertNames(e.getMessage(), "nope.pbrt", "not found");
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static ByteBuffer buffer(int size, ByteOrder order) {
    return ByteBuffer.allocate(size).order(order);
  }
}
