package dev.treelet.tracer.scene;

import dev.treelet.tracer.light.Lights;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed scene: what to render (camera, film, samples, path depth) and the world (triangles,
 * materials, lights). Geometry is handed to the BVH builder and then lives only in treelets; the
 * rest is {@link SceneShading}, small and replicated.
 */
public record Scene(
    Path source,
    Camera camera,
    int width,
    int height,
    String filmFilename,
    int samplesPerPixel,
    int maxDepth,
    List<Material> materials,
    Lights lights,
    TriangleSoup triangles) {

  public SceneShading shading(long seed) {
    return new SceneShading(camera, width, height, samplesPerPixel, maxDepth, materials, lights, seed);
  }
}
