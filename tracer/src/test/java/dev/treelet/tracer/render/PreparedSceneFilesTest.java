package dev.treelet.tracer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.scene.Scene;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedSceneFilesTest {
  /** Every kind of light and material, so the replicated data is exercised whole. */
  private static final String SCENE = """
      Scale -1 1 1
      LookAt 0 1 -4  0 0.5 0  0 1 0
      Camera "perspective" "float fov" [ 45 ]
      Film "rgb" "integer xresolution" [ 20 ] "integer yresolution" [ 14 ]
      Integrator "path" "integer maxdepth" [ 6 ]
      WorldBegin
      LightSource "infinite" "rgb L" [ 0.2 0.25 0.3 ]
      LightSource "distant" "point3 from" [ 1 3 -2 ] "point3 to" [ 0 0 0 ] "rgb L" [ 1.5 1.4 1.2 ]
      AttributeBegin
        AreaLightSource "diffuse" "rgb L" [ 4 4 4 ]
        Shape "trianglemesh" "integer indices" [ 0 1 2 ] "point3 P" [ -1 2 0  1 2 0  0 2 1 ]
      AttributeEnd
      Material "diffuse" "rgb reflectance" [ 0.6 0.6 0.6 ]
      Shape "trianglemesh" "integer indices" [ 0 1 2 0 2 3 ]
        "point3 P" [ -5 0 -5  5 0 -5  5 0 5  -5 0 5 ]
      AttributeBegin
        Translate -0.8 0.4 0
        Material "dielectric"
        Shape "sphere" "float radius" [ 0.4 ]
      AttributeEnd
      AttributeBegin
        Translate 0.8 0.4 0
        Material "conductor" "float roughness" [ 0.1 ]
        Shape "sphere" "float radius" [ 0.4 ]
      AttributeEnd
      AttributeBegin
        Translate 0 0.4 0.8
        Material "coateddiffuse" "rgb reflectance" [ 0.2 0.5 0.3 ]
        Shape "sphere" "float radius" [ 0.4 ]
      AttributeEnd
      """;

  @TempDir
  Path dir;

  @Test
  void aWorkerRenderingFromTheFolderMakesTheSameImage() throws Exception {
    Scene scene = TestRenders.scene(SCENE);
    PreparedScene prepared = PreparedScene.prepare(scene, 48 * 1024, 2, null);
    assertTrue(prepared.treelets().count() > 4);
    PreparedSceneFiles.write(prepared, dir);
    PreparedSceneFiles.Opened opened = PreparedSceneFiles.open(dir, 5);
    assertEquals(prepared.treelets().totalBytes(), opened.treelets().totalBytes());
    Film fromMemory = TestRenders.render(prepared.shading(5), prepared.treelets(), 2, Long.MAX_VALUE, 6);
    // A worker that holds at most a quarter of the treelets at a time, loading from files.
    Film fromFiles = TestRenders.render(opened.shading(), opened.treelets(), 2,
        opened.treelets().totalBytes() / 4, 6);
    TestRenders.assertSameImage(fromMemory, fromFiles, "prepared folder");
  }

  @Test
  void aDamagedFolderSaysWhatToDo() throws Exception {
    PreparedScene prepared = PreparedScene.prepare(TestRenders.scene(SCENE), 48 * 1024, 1, null);
    PreparedSceneFiles.write(prepared, dir);
    Path blob = dir.resolve("treelet-000001.bin");
    Files.write(blob, java.util.Arrays.copyOf(Files.readAllBytes(blob), 100));
    var treelets = PreparedSceneFiles.open(dir, 1).treelets();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> treelets.load(1));
    assertTrue(e.getMessage().contains("prepare the scene again"), e.getMessage());
    IOException missing = assertThrows(IOException.class, () -> PreparedSceneFiles.open(dir.resolve("nope"), 1));
    assertTrue(missing.getMessage().contains("./treelet prepare"), missing.getMessage());
  }

  @Test
  void aFolderPreparedByTheOlderTreeletFormatIsRefusedWhenOpened() throws Exception {
    PreparedSceneFiles.write(PreparedScene.prepare(TestRenders.scene(SCENE), 48 * 1024, 1, null), dir);
    byte[] index = Files.readAllBytes(dir.resolve("treelets.idx"));
    index[3] = 'X'; // "TID2" -> "TIDX", the index of format-1 blobs
    Files.write(dir.resolve("treelets.idx"), index);
    IOException e = assertThrows(IOException.class, () -> PreparedSceneFiles.open(dir, 1));
    assertTrue(e.getMessage().contains("older treelet") && e.getMessage().contains("./treelet prepare"),
        e.getMessage());
  }
}
