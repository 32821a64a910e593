package dev.treelet.tracer.cli;

import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.scene.Scene;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code treelet prepare SCENE.pbrt DIR [--treelet-bytes B] [--threads T]}: parses the scene once,
 * builds and cuts its BVH, and writes what workers open (shading data and treelet blobs) to DIR.
 */
public final class PrepareCommand {
  public static final Set<String> OPTIONS = Set.of("treelet-bytes", "threads");

  private PrepareCommand() {}

  public static void run(Args args) throws Exception {
    if (args.positional().size() != 2) {
      throw new Args.UsageException("prepare: give a scene file and an output folder, e.g. ./treelet prepare "
          + "scenes/cornell-box.pbrt /tmp/cornell");
    }
    Path out = Path.of(args.positional().get(1));
    Scene scene = SceneLoading.parse(Path.of(args.positional().get(0)));
    PreparedScene prepared = SceneLoading.prepare(scene,
        args.bytes("treelet-bytes", RenderLocalCommand.DEFAULT_TREELET_BYTES),
        args.intValue("threads", Runtime.getRuntime().availableProcessors(), 1));
    PreparedSceneFiles.write(prepared, out);
    System.err.println("wrote " + prepared.treelets().count() + " treelets and the scene's shading data to " + out);
  }
}
