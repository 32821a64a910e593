package dev.treelet.tracer.integrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.render.TestRenders;
import dev.treelet.tracer.scene.Scene;
import org.junit.jupiter.api.Test;

/** Light transport against closed-form answers. */
class RadianceTest {
  private static final int SPP = 64;

  private static String furnace(float albedo, int maxDepth) {
    return """
        LookAt 0 0 -5  0 0 0  0 1 0
        Camera "perspective" "float fov" [ 30 ]
        Film "rgb" "integer xresolution" [ 24 ] "integer yresolution" [ 24 ]
        Sampler "zsobol" "integer pixelsamples" [ 64 ]
        Integrator "path" "integer maxdepth" [ %d ]
        WorldBegin
        LightSource "infinite" "rgb L" [ 1 1 1 ]
        Material "diffuse" "rgb reflectance" [ %s %s %s ]
        Shape "sphere" "float radius" [ 1 ]
        """.formatted(maxDepth, albedo, albedo, albedo);
  }

  /** Every pixel's mean is within 5 standard errors (and a float's rounding) of the expected value. */
  private static void assertEveryPixel(double[][] v, int pixels, double[] expected, String what) {
    int onObject = 0;
    for (int p = 0; p < pixels; p++) {
      for (int c = 0; c < 3; c++) {
        double[] me = TestRenders.meanAndError(v[c], p, SPP);
        double bound = 5 * me[1] + 1e-5;
        assertTrue(Math.abs(me[0] - expected[c]) <= bound,
            what + ": pixel " + p + " channel " + c + " mean " + me[0] + " expected " + expected[c] + " +- " + bound);
        if (c == 0 && me[1] > 0) {
          onObject++;
        }
      }
    }
    assertTrue(onObject > pixels / 10, what + ": the object covers too few pixels (" + onObject + ")");
  }

  @Test
  void whiteFurnaceWithAlbedoOneIsOneEverywhere() {
    Scene s = TestRenders.scene(furnace(1f, 8));
    double[][] v = TestRenders.perSampleValues(s, SPP, 3);
    assertEveryPixel(v, 24 * 24, new double[] {1, 1, 1}, "albedo 1");
    double all = 0;
    for (double x : v[1]) {
      all += x;
    }
    assertEquals(1, all / v[1].length, 0.01, "image mean");
  }

  @Test
  void albedoHalfWithOneBounceIsHalfOnTheSphere() {
    Scene s = TestRenders.scene(furnace(0.5f, 1));
    double[][] v = TestRenders.perSampleValues(s, SPP, 5);
    // A convex object sees only the environment: L = albedo * 1 on it; the background is 1.
    int pixels = 24 * 24;
    int sphere = 0;
    for (int p = 0; p < pixels; p++) {
      double[] me = TestRenders.meanAndError(v[0], p, SPP);
      boolean background = me[1] == 0 && Math.abs(me[0] - 1) < 1e-6;
      if (!background) {
        boolean edge = hasValueNear(v[0], p, 1.0); // silhouette pixels mix sphere and sky
        if (!edge) {
          sphere++;
          assertEquals(0.5, me[0], 5 * me[1] + 1e-5, "sphere pixel " + p);
        }
      }
    }
    assertTrue(sphere > 50, "sphere pixels: " + sphere);
  }

  private static boolean hasValueNear(double[] v, int pixel, double x) {
    for (int s = 0; s < SPP; s++) {
      if (Math.abs(v[pixel * SPP + s] - x) < 1e-6) {
        return true;
      }
    }
    return false;
  }

  /** A one-sided emitter filling the view, facing the camera unless reversed. */
  private static Scene emitter(boolean reversed) {
    return TestRenders.scene("""
        LookAt 0 0 -3  0 0 0  0 1 0
        Camera "perspective" "float fov" [ 40 ]
        Film "rgb" "integer xresolution" [ 8 ] "integer yresolution" [ 8 ]
        Integrator "path" "integer maxdepth" [ 5 ]
        WorldBegin
        AttributeBegin
        %s
          AreaLightSource "diffuse" "rgb L" [ 3 2 0.5 ]
          Material "diffuse" "rgb reflectance" [ 0 0 0 ]
          Shape "trianglemesh" "integer indices" [ 0 1 2 0 2 3 ]
            "point3 P" [ -5 -5 0  -5 5 0  5 5 0  5 -5 0 ]
        AttributeEnd
        """.formatted(reversed ? "ReverseOrientation" : ""));
  }

  @Test
  void anEmitterSeenDirectlyHasItsRadiance() {
    double[][] v = TestRenders.perSampleValues(emitter(false), 16, 1);
    for (int i = 0; i < 64 * 16; i++) {
      assertEquals(3, v[0][i], 1e-6);
      assertEquals(2, v[1][i], 1e-6);
      assertEquals(0.5, v[2][i], 1e-6);
    }
  }

  @Test
  void aOneSidedEmitterSeenFromBehindIsBlack() {
    double[][] v = TestRenders.perSampleValues(emitter(true), 4, 1);
    for (int c = 0; c < 3; c++) {
      for (double x : v[c]) {
        assertEquals(0, x, 0);
      }
    }
  }

  @Test
  void aDiffusePlaneUnderUniformSkyHasAlbedoTimesL() {
    Scene s = TestRenders.scene("""
        LookAt 0 3 0  0 0 0  0 0 1
        Camera "perspective" "float fov" [ 30 ]
        Film "rgb" "integer xresolution" [ 12 ] "integer yresolution" [ 12 ]
        Integrator "path" "integer maxdepth" [ 3 ]
        WorldBegin
        LightSource "infinite" "rgb L" [ 1 0.5 0.25 ]
        Material "diffuse" "rgb reflectance" [ 0.6 0.6 0.6 ]
        Shape "trianglemesh" "integer indices" [ 0 1 2 0 2 3 ]
          "point3 P" [ -100 0 -100  100 0 -100  100 0 100  -100 0 100 ]
        """);
    double[][] v = TestRenders.perSampleValues(s, SPP, 9);
    assertEveryPixel(v, 144, new double[] {0.6, 0.3, 0.15}, "plane");
  }
}
