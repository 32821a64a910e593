package dev.treelet.tracer.scene.pbrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.scene.Material;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.scene.TriangleSoup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the directives build: positions, orientation, instancing, settings. */
class SceneBuilderTest {
  @TempDir
  Path dir;

  private static final String TRIANGLE =
      "Shape \"trianglemesh\" \"integer indices\" [ 0 1 2 ] \"point3 P\" [ 0 0 0  1 0 0  0 1 0 ]\n";

  private Scene parse(String world) throws Exception {
    Path f = dir.resolve("s.pbrt");
    Files.writeString(f, """
        Film "rgb" "integer xresolution" [ 40 ] "integer yresolution" [ 30 ] "string filename" "out.png"
        Sampler "halton" "integer pixelsamples" [ 7 ]
        Integrator "path" "integer maxdepth" [ 3 ]
        WorldBegin
        """ + world);
    List<String> warnings = new ArrayList<>();
    Scene s = PbrtParser.parse(f, warnings::add);
    assertTrue(warnings.isEmpty(), warnings.toString());
    return s;
  }

  private static float[] vertices(TriangleSoup soup, int tri) {
    float[] v = new float[9];
    System.arraycopy(soup.positions(), 9 * tri, v, 0, 9);
    return v;
  }

  @Test
  void settingsAreHonoured() throws Exception {
    Scene s = parse(TRIANGLE);
    assertEquals(40, s.width());
    assertEquals(30, s.height());
    assertEquals(7, s.samplesPerPixel());
    assertEquals(3, s.maxDepth());
    assertEquals("out.png", s.filmFilename());
  }

  @Test
  void transformsApplyInPbrtsOrder() throws Exception {
    // Translate then Scale: points are scaled first, then moved (the CTM post-multiplies).
    Scene s = parse("Translate 10 0 0\nScale 2 2 2\n" + TRIANGLE
        + "AttributeBegin\nRotate 90 0 0 1\n" + TRIANGLE + "AttributeEnd\n"
        + "Transform [ 1 0 0 0  0 1 0 0  0 0 1 0  5 6 7 1 ]\n" + TRIANGLE);
    assertArrayEquals(new float[] {10, 0, 0, 12, 0, 0, 10, 2, 0}, vertices(s.triangles(), 0), 1e-5f);
    assertArrayEquals(new float[] {10, 0, 0, 10, 2, 0, 8, 0, 0}, vertices(s.triangles(), 1), 1e-5f);
    assertArrayEquals(new float[] {5, 6, 7, 6, 6, 7, 5, 7, 7}, vertices(s.triangles(), 2), 1e-5f);
  }

  @Test
  void reverseOrientationFlipsTheGeometricNormal() throws Exception {
    Scene s = parse(TRIANGLE + "ReverseOrientation\n" + TRIANGLE);
    float[] a = vertices(s.triangles(), 0);
    float[] b = vertices(s.triangles(), 1);
    assertEquals(1, normalZ(a), 1e-6);
    assertEquals(-1, normalZ(b), 1e-6);
  }

  private static float normalZ(float[] v) {
    float e1x = v[3] - v[0];
    float e1y = v[4] - v[1];
    float e2x = v[6] - v[0];
    float e2y = v[7] - v[1];
    return Math.signum(e1x * e2y - e1y * e2x);
  }

  @Test
  void instancesAreFlattenedWithTheirOwnTransforms() throws Exception {
    Scene s = parse("ObjectBegin \"tri\"\nTranslate 0 0 1\n" + TRIANGLE + "ObjectEnd\n"
        + "AttributeBegin\nTranslate 100 0 0\nObjectInstance \"tri\"\nAttributeEnd\n"
        + "ObjectInstance \"tri\"\n");
    assertEquals(2, s.triangles().count());
    assertArrayEquals(new float[] {100, 0, 1, 101, 0, 1, 100, 1, 1}, vertices(s.triangles(), 0), 1e-5f);
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 1, 0, 1, 1}, vertices(s.triangles(), 1), 1e-5f);
  }

  @Test
  void includeAndNamedMaterialsAndAreaLights() throws Exception {
    Files.writeString(dir.resolve("part.pbrt"),
        "MakeNamedMaterial \"gold\" \"string type\" \"conductor\" \"spectrum eta\" \"metal-Au-eta\""
            + " \"spectrum k\" \"metal-Au-k\"\n");
    Scene s = parse("Include \"part.pbrt\"\nNamedMaterial \"gold\"\n" + TRIANGLE
        + "AttributeBegin\nAreaLightSource \"diffuse\" \"rgb L\" [ 2 3 4 ] \"float scale\" [ 2 ]\n" + TRIANGLE
        + "AttributeEnd\n" + TRIANGLE);
    Material gold = s.materials().get(s.triangles().material(0));
    assertEquals(Material.Type.CONDUCTOR, gold.type());
    assertEquals(0.143119f, gold.eta()[0], 1e-6f);
    assertEquals(TriangleSoup.NO_LIGHT, s.triangles().light(0));
    assertEquals(0, s.triangles().light(1));
    assertArrayEquals(new float[] {4, 6, 8}, java.util.Arrays.copyOf(s.lights().areaRadiance(), 3));
    assertEquals(TriangleSoup.NO_LIGHT, s.triangles().light(2), "AttributeEnd ends the area light");
    assertEquals(0.5f, s.lights().area(0), 1e-6f);
  }
}
