package dev.treelet.operators.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.operators.wire.RayBag;
import dev.treelet.operators.wire.TilePlan;
import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.scene.pbrt.PbrtParser;
import dev.treelet.tracer.treelet.Treelet;
import dev.treelet.tracer.treelet.TreeletStore;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TileHeadingsTest {
  /** Two spheres, left and right of the view's centre, of different materials; sky above and below. */
  private static final String SCENE = """
      LookAt 0 0 -5  0 0 0  0 1 0
      Camera "perspective" "float fov" [ 40 ]
      Film "rgb" "integer xresolution" [ 32 ] "integer yresolution" [ 32 ]
      WorldBegin
      LightSource "infinite" "rgb L" [ 1 1 1 ]
      AttributeBegin
        Translate -1.5 0 0
        Material "diffuse" "rgb reflectance" [ 0.8 0.2 0.2 ]
        Shape "sphere" "float radius" [ 0.8 ]
      AttributeEnd
      AttributeBegin
        Translate 1.5 0 0
        Material "diffuse" "rgb reflectance" [ 0.2 0.2 0.8 ]
        Shape "sphere" "float radius" [ 0.8 ]
      AttributeEnd
      """;

  @Test
  void aTileHeadsForATreeletOfTheObjectItSeesAndASkyTileForNone() {
    PreparedScene prepared = PreparedScene.prepare(PbrtParser.parseString(SCENE, Path.of("."), w -> { }), 8 << 10,
        1, null);
    TreeletStore store = prepared.treelets();
    TilePlan plan = new TilePlan(32, 32, 8); // 4 x 4 tiles: rows 0 and 3 see only sky
    int[] headings = TileHeadings.of(plan, prepared.shading(1), store.load(RayBag.ROOT), store.count());

    for (int x = 0; x < 4; x++) {
      assertEquals(RayBag.ROOT, headings[x], "top row, sky: no heading");
      assertEquals(RayBag.ROOT, headings[12 + x], "bottom row, sky: no heading");
    }
    for (int row = 1; row <= 2; row++) {
      Set<Integer> left = materialsBelow(store, headings[4 * row]);
      Set<Integer> right = materialsBelow(store, headings[4 * row + 3]);
      assertEquals(1, left.size(), "the left tile heads for the left sphere's treelets alone: " + left);
      assertEquals(1, right.size(), "the right tile heads for the right sphere's treelets alone: " + right);
      assertNotEquals(left, right);
    }
  }

  /** Materials of treelet t's triangles and of every treelet below it. */
  private static Set<Integer> materialsBelow(TreeletStore store, int t) {
    assertTrue(t != RayBag.ROOT, "a tile that sees a sphere has a heading");
    Set<Integer> materials = new TreeSet<>();
    Treelet treelet = store.load(t);
    for (int m : treelet.materialIds()) {
      materials.add(m);
    }
    for (Treelet.Link l : treelet.links()) {
      materials.addAll(materialsBelow(store, l.treelet()));
    }
    return materials;
  }
}
