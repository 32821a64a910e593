package dev.treelet.tracer.render;

import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.scene.SceneShadingCodec;
import dev.treelet.tracer.treelet.DirectoryTreeletStore;
import dev.treelet.tracer.treelet.TreeletStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A prepared scene on disk: {@code scene.bin} (the replicated shading data) and the treelet store.
 * This is what workers open: preparing needs the whole scene once, rendering never does.
 */
public final class PreparedSceneFiles {
  private static final String SHADING = "scene.bin";

  /** What a worker needs: the replicated data, and the treelets to load from. */
  public record Opened(SceneShading shading, TreeletStore treelets) {}

  private PreparedSceneFiles() {}

  public static boolean isPrepared(Path dir) {
    return Files.isRegularFile(dir.resolve(SHADING));
  }

  public static void write(PreparedScene prepared, Path dir) throws IOException {
    DirectoryTreeletStore.write(dir, prepared.treelets());
    try (OutputStream out = Files.newOutputStream(dir.resolve(SHADING))) {
      SceneShadingCodec.write(prepared.shading(0), out);
    }
  }

  public static Opened open(Path dir, long seed) throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(SHADING))) {
      return new Opened(SceneShadingCodec.read(in, seed), DirectoryTreeletStore.open(dir));
    } catch (NoSuchFileException e) {
      throw new IOException(dir + " is not a prepared scene (" + SHADING + " is missing); run ./treelet prepare");
    }
  }
}
