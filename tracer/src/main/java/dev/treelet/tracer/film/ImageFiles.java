package dev.treelet.tracer.film;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a film to .exr, .png or .pfm, chosen by the file's extension. */
public final class ImageFiles {
  private ImageFiles() {}

  public static void write(Path file, Film film) throws IOException {
    write(file, film.width(), film.height(), film.rgb());
  }

  public static void write(Path file, int width, int height, float[] rgb) throws IOException {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".exr")) {
      ExrWriter.write(file, width, height, rgb);
    } else if (name.endsWith(".png")) {
      PngWriter.write(file, width, height, rgb);
    } else if (name.endsWith(".pfm")) {
      PfmWriter.write(file, width, height, rgb);
    } else {
      throw new IllegalArgumentException("cannot write \"" + file + "\": the name must end in .exr, .png or .pfm");
    }
  }

  /** Checks an output name before a long render, so a typo fails in the first second. */
  public static void checkWritable(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!(name.endsWith(".exr") || name.endsWith(".png") || name.endsWith(".pfm"))) {
      throw new IllegalArgumentException("--out " + file + ": the name must end in .exr, .png or .pfm");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--out " + file + ": folder " + dir + " does not exist");
    }
  }
}
