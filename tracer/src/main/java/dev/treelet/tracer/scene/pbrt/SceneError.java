package dev.treelet.tracer.scene.pbrt;

import java.nio.file.Path;

/**
 * A problem in a scene file that stops loading it. The message starts with "file:line:" and says what
 * to do; the command line prints it without a stack trace.
 */
public final class SceneError extends RuntimeException {
  public SceneError(Path file, int line, String message) {
    super(location(file, line) + ": " + message);
  }

  static String location(Path file, int line) {
    return (file == null ? "<input>" : file.toString()) + (line > 0 ? ":" + line : "");
  }
}
