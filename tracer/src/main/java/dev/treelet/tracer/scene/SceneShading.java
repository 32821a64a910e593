package dev.treelet.tracer.scene;

import dev.treelet.tracer.light.Lights;
import java.util.List;

/**
 * Everything a worker needs besides treelets: camera, film size, sampling and integrator settings,
 * materials and lights. Small; every worker holds a full copy.
 */
public record SceneShading(
    Camera camera,
    int width,
    int height,
    int samplesPerPixel,
    int maxDepth,
    List<Material> materials,
    Lights lights,
    long seed) {

  public int pixelCount() {
    return width * height;
  }

  public SceneShading withSamplesPerPixel(int spp) {
    return new SceneShading(camera, width, height, spp, maxDepth, materials, lights, seed);
  }
}
