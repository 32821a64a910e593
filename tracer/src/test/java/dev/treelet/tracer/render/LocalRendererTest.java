package dev.treelet.tracer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.scene.Scene;
import org.junit.jupiter.api.Test;

class LocalRendererTest {
  private static final String SCENE = """
      LookAt 0 0 -4  0 0 0  0 1 0
      Camera "perspective" "float fov" [ 40 ]
      Film "rgb" "integer xresolution" [ 16 ] "integer yresolution" [ 12 ]
      WorldBegin
      LightSource "distant" "point3 from" [ 1 2 -3 ] "rgb L" [ 2 2 2 ]
      LightSource "infinite" "rgb L" [ 0.2 0.2 0.3 ]
      Material "coateddiffuse" "rgb reflectance" [ 0.5 0.3 0.2 ]
      Shape "sphere" "float radius" [ 1 ]
      Material "diffuse"
      Shape "trianglemesh" "integer indices" [ 0 1 2 0 2 3 ]
        "point3 P" [ -5 -1 -5  5 -1 -5  5 -1 5  -5 -1 5 ]
      """;

  @Test
  void everyPixelGetsExactlyItsSamplesWhateverTheThreadCount() throws Exception {
    Scene scene = TestRenders.scene(SCENE);
    Film one = TestRenders.render(scene, 16 * 1024, 1, Long.MAX_VALUE, 7, 2);
    Film two = TestRenders.render(scene, 16 * 1024, 2, Long.MAX_VALUE, 7, 2);
    assertEquals(7, one.minSamples());
    assertEquals(7, one.maxSamples());
    assertEquals(16 * 12 * 7, one.totalSamples());
    TestRenders.assertSameImage(one, two, "1 vs 2 threads");
  }

  @Test
  void theSeedChangesTheNoiseNotTheCounts() throws Exception {
    Scene scene = TestRenders.scene(SCENE);
    Film a = TestRenders.render(scene, 1 << 20, 2, Long.MAX_VALUE, 4, 1);
    Film b = TestRenders.render(scene, 1 << 20, 2, Long.MAX_VALUE, 4, 2);
    assertEquals(a.totalSamples(), b.totalSamples());
    boolean differs = false;
    for (int p = 0; p < a.pixelCount(); p++) {
      differs |= a.fixedSum(p, 0) != b.fixedSum(p, 0);
    }
    assertTrue(differs);
    assertNotEquals(0, a.fixedSum(6 * 16 + 8, 0), "the sphere in the middle is lit");
  }

  @Test
  void aWorkerBudgetSmallerThanATreeletIsRefusedUpFront() {
    Scene scene = TestRenders.scene(SCENE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TestRenders.render(scene, 64 * 1024, 1, 1000, 1, 1));
    assertTrue(e.getMessage().contains("--worker-memory"), e.getMessage());
  }
}
