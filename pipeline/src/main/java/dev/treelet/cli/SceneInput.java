package dev.treelet.cli;

import dev.treelet.tracer.cli.Args;
import dev.treelet.tracer.cli.RenderLocalCommand;
import dev.treelet.tracer.cli.SceneLoading;
import dev.treelet.tracer.film.ImageFiles;
import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.scene.Scene;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The scene a job renders: a prepared folder as it is, or a pbrt scene parsed, cut into treelets
 * ({@code --treelet-bytes}) and written into a new folder under parent, removed again on close. The
 * output path ({@code --out}, else the scene's Film filename) is checked writable before any work.
 */
record SceneInput(Path prepared, Path out, boolean created) implements AutoCloseable {
  static SceneInput of(Args args, Path parent) throws IOException {
    Path input = Path.of(args.positional().get(0));
    if (PreparedSceneFiles.isPrepared(input)) {
      Path out = Path.of(args.string("out", "render.exr"));
      ImageFiles.checkWritable(out);
      return new SceneInput(input, out, false);
    }
    Scene scene = SceneLoading.parse(input);
    Path out = Path.of(args.string("out", scene.filmFilename()));
    ImageFiles.checkWritable(out);
    PreparedScene p = SceneLoading.prepare(scene, args.bytes("treelet-bytes", RenderLocalCommand.DEFAULT_TREELET_BYTES),
        Runtime.getRuntime().availableProcessors());
    Files.createDirectories(parent);
    Path dir = Files.createTempDirectory(parent, "treelet-prepared");
    PreparedSceneFiles.write(p, dir);
    return new SceneInput(dir, out, true);
  }

  @Override
  public void close() throws IOException {
    if (created) {
      deleteTree(prepared);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
