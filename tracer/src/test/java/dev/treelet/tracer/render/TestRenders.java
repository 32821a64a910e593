package dev.treelet.tracer.render;

import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.integrator.CameraRays;
import dev.treelet.tracer.integrator.TraceOutput;
import dev.treelet.tracer.integrator.TraceStep;
import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.scene.pbrt.PbrtParser;
import dev.treelet.tracer.treelet.Treelet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: scenes from text, renders through the real renderer, per-sample statistics. */
public final class TestRenders {
  private TestRenders() {}

  public static Scene scene(String text) {
    List<String> warnings = new ArrayList<>();
    Scene s = PbrtParser.parseString(text, Path.of("."), warnings::add);
    if (!warnings.isEmpty()) {
      throw new AssertionError("unexpected warnings: " + warnings);
    }
    return s;
  }

  public static Film render(Scene scene, long treeletBytes, int threads, long cacheBytes, int spp, long seed)
      throws InterruptedException {
    PreparedScene p = PreparedScene.prepare(scene, treeletBytes, threads, null);
    return render(p.shading(seed), p.treelets(), threads, cacheBytes, spp);
  }

  public static Film render(SceneShading scene, dev.treelet.tracer.treelet.TreeletStore treelets, int threads,
      long cacheBytes, int spp) throws InterruptedException {
    SceneShading shading = scene.withSamplesPerPixel(spp);
    LocalRenderer r = new LocalRenderer(shading, treelets, new LocalRenderer.Options(threads, cacheBytes, 256),
        LocalRenderer.countersFor(shading));
    return r.render().film();
  }

  /**
   * The value of every (pixel, sample) of a scene that fits one treelet, traced directly with the
   * kernel: index pixel * spp + sample. For statistical checks that need per-sample spread.
   */
  public static double[][] perSampleValues(Scene scene, int spp, long seed) {
    PreparedScene p = PreparedScene.prepare(scene, Long.MAX_VALUE / 2, 1, null);
    if (p.treelets().count() != 1) {
      throw new IllegalArgumentException("perSampleValues needs a one-treelet scene");
    }
    Treelet root = p.treelets().load(0);
    SceneShading shading = p.shading(seed).withSamplesPerPixel(spp);
    int pixels = shading.pixelCount();
    double[][] v = new double[3][pixels * spp];
    TraceStep step = new TraceStep(shading);
    CameraRays camera = new CameraRays(shading);
    TraceOutput out = new TraceOutput() {
      @Override
      public void forward(RayBatch batch, int r) {
        throw new AssertionError("a one-treelet render forwarded a ray");
      }

      @Override
      public void pathDone(int pixel, int sampleIndex, float r, float g, float b, int shadowRays) {
        shadowDone(pixel, sampleIndex, r, g, b);
      }

      @Override
      public void shadowDone(int pixel, int sampleIndex, float r, float g, float b) {
        v[0][pixel * spp + sampleIndex] += r;
        v[1][pixel * spp + sampleIndex] += g;
        v[2][pixel * spp + sampleIndex] += b;
      }
    };
    RayBatch batch = new RayBatch(spp);
    for (int px = 0; px < pixels; px++) {
      batch.clear();
      for (int s = 0; s < spp; s++) {
        camera.generate(px, s, batch);
      }
      step.trace(batch, root, out);
    }
    return v;
  }

  /** Mean and standard error of the samples of one pixel. */
  public static double[] meanAndError(double[] values, int pixel, int spp) {
    double sum = 0;
    double sq = 0;
    for (int s = 0; s < spp; s++) {
      double x = values[pixel * spp + s];
      sum += x;
      sq += x * x;
    }
    double mean = sum / spp;
    double var = Math.max(0, sq / spp - mean * mean) * spp / (spp - 1);
    return new double[] {mean, Math.sqrt(var / spp)};
  }

  /** Two films are the same image: every pixel's sample count and exact fixed-point sums agree. */
  public static void assertSameImage(Film a, Film b, String what) {
    org.junit.jupiter.api.Assertions.assertEquals(a.pixelCount(), b.pixelCount(), what + ": pixel count");
    for (int p = 0; p < a.pixelCount(); p++) {
      org.junit.jupiter.api.Assertions.assertEquals(a.samples(p), b.samples(p), what + ": samples of pixel " + p);
      for (int c = 0; c < 3; c++) {
        org.junit.jupiter.api.Assertions.assertEquals(a.fixedSum(p, c), b.fixedSum(p, c),
            what + ": pixel " + p + " channel " + c);
      }
    }
  }
}
