package dev.treelet.tracer.integrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.scene.pbrt.PbrtParser;
import dev.treelet.tracer.treelet.InMemoryTreeletStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * Termination in the distributed render rests on this: every path ends exactly once and says how
 * many shadow rays it spawned, and every one of those shadow rays ends exactly once, wherever it is
 * traced. Checked per pixel sample over a scene cut into many treelets.
 */
class ShadowAccountingTest {
  @Test
  void everySpawnedShadowRayEndsOnceAndEveryPathOnce() throws Exception {
    Path scenes = Path.of(System.getProperty("treelet.repo", ".."), "scenes");
    String text = Files.readString(scenes.resolve("cornell-box.pbrt"))
        .replace("[ 256 ] \"integer yresolution\" [ 256 ]", "[ 16 ] \"integer yresolution\" [ 16 ]");
    PreparedScene prepared = PreparedScene.prepare(PbrtParser.parseString(text, scenes, w -> { }), 64 << 10, 1, null);
    InMemoryTreeletStore store = prepared.treelets();
    assertTrue(store.count() > 4);
    int spp = 8;
    SceneShading shading = prepared.shading(1).withSamplesPerPixel(spp);
    int samples = shading.pixelCount() * spp;
    int[] pathsDone = new int[samples];
    int[] shadowsPromised = new int[samples];
    int[] shadowsDone = new int[samples];
    ArrayDeque<RayBatch> queue = new ArrayDeque<>();
    TraceOutput out = new TraceOutput() {
      @Override
      public void forward(RayBatch batch, int r) {
        RayBatch b = new RayBatch(1);
        b.addCopy(batch, r);
        queue.add(b);
      }

      @Override
      public void pathDone(int pixel, int sampleIndex, float r, float g, float b, int shadowRays) {
        pathsDone[pixel * spp + sampleIndex]++;
        shadowsPromised[pixel * spp + sampleIndex] += shadowRays;
      }

      @Override
      public void shadowDone(int pixel, int sampleIndex, float r, float g, float b) {
        shadowsDone[pixel * spp + sampleIndex]++;
      }
    };
    CameraRays camera = new CameraRays(shading);
    RayBatch cameraRays = new RayBatch(samples);
    for (int p = 0; p < shading.pixelCount(); p++) {
      for (int s = 0; s < spp; s++) {
        camera.generate(p, s, cameraRays);
      }
    }
    TraceStep step = new TraceStep(shading);
    step.trace(cameraRays, store.load(0), out);
    while (!queue.isEmpty()) {
      RayBatch b = queue.poll();
      step.trace(b, store.load(b.nextTreelet(0)), out);
    }
    long promised = 0;
    for (int i = 0; i < samples; i++) {
      assertEquals(1, pathsDone[i], "sample " + i + " ended once");
      assertEquals(shadowsPromised[i], shadowsDone[i], "sample " + i + ": shadow rays spawned vs ended");
      promised += shadowsPromised[i];
    }
    assertTrue(promised > samples / 2, "the scene spawns shadow rays: " + promised);
  }
}
