package dev.treelet.pipeline;

import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.render.LocalRenderer;
import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.scene.pbrt.PbrtParser;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repo's scenes at a test-sized resolution, prepared into a folder, and their reference renders. */
final class ShippedScenes {
  private ShippedScenes() {}

  static Path scenes() {
    return Path.of(System.getProperty("treelet.repo", ".."), "scenes");
  }

  /** scenes/name with its film set to width x height, cut into treelets of treeletBytes, written to dir. */
  static Path prepare(String name, int width, int height, long treeletBytes, Path dir) throws Exception {
    String text = Files.readString(scenes().resolve(name))
        .replaceAll("\"integer xresolution\" \\[ *\\d+ *\\]", "\"integer xresolution\" [ " + width + " ]")
        .replaceAll("\"integer yresolution\" \\[ *\\d+ *\\]", "\"integer yresolution\" [ " + height + " ]");
    Scene scene = PbrtParser.parseString(text, scenes(), w -> { });
    PreparedSceneFiles.write(PreparedScene.prepare(scene, treeletBytes, 2, null), dir);
    return dir;
  }

  /** The single-process render of a prepared scene: the expectation every distributed render must equal. */
  static Film reference(Path prepared, long seed, int spp) throws Exception {
    PreparedSceneFiles.Opened opened = PreparedSceneFiles.open(prepared, seed);
    SceneShading shading = opened.shading().withSamplesPerPixel(spp);
    return new LocalRenderer(shading, opened.treelets(), LocalRenderer.Options.of(2),
        LocalRenderer.countersFor(shading)).render().film();
  }
}
