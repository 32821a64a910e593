package dev.treelet.tracer.treelet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.bvh.Bvh;
import dev.treelet.tracer.bvh.BvhBuilder;
import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.render.TestRenders;
import dev.treelet.tracer.scene.Scene;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting the BVH into treelets changes where rays are traced, never what they find. */
class TreeletRenderTest {
  /** A room with a sphere of every material, about 36k triangles: enough to cut into 64 treelets. */
  static final String ROOM = """
      LookAt 0 1 -3.5  0 1 0  0 1 0
      Camera "perspective" "float fov" [ 50 ]
      Film "rgb" "integer xresolution" [ 24 ] "integer yresolution" [ 24 ]
      Integrator "path" "integer maxdepth" [ 6 ]
      WorldBegin
      LightSource "infinite" "rgb L" [ 0.1 0.1 0.12 ]
      MakeNamedMaterial "white" "string type" "diffuse" "rgb reflectance" [ 0.7 0.7 0.7 ]
      NamedMaterial "white"
      Shape "trianglemesh" "integer indices" [ 0 1 2 0 2 3 ]
        "point3 P" [ -2 0 -4  2 0 -4  2 0 2  -2 0 2 ]
      Shape "trianglemesh" "integer indices" [ 0 1 2 0 2 3 ]
        "point3 P" [ -2 0 2  2 0 2  2 2.5 2  -2 2.5 2 ]
      AttributeBegin
        AreaLightSource "diffuse" "rgb L" [ 8 8 8 ]
        Shape "trianglemesh" "integer indices" [ 0 1 2 0 2 3 ]
          "point3 P" [ -0.5 2.4 -0.5  0.5 2.4 -0.5  0.5 2.4 0.5  -0.5 2.4 0.5 ]
      AttributeEnd
      AttributeBegin
        Translate -1.2 0.5 0
        Material "dielectric" "float eta" [ 1.5 ]
        Shape "sphere" "float radius" [ 0.5 ]
      AttributeEnd
      AttributeBegin
        Translate 0 0.5 0.5
        Material "conductor" "float roughness" [ 0.05 ]
        Shape "sphere" "float radius" [ 0.5 ]
      AttributeEnd
      AttributeBegin
        Translate 1.2 0.5 0
        Material "coateddiffuse" "rgb reflectance" [ 0.6 0.2 0.1 ] "float roughness" [ 0.1 ]
        Shape "sphere" "float radius" [ 0.5 ]
      AttributeEnd
      AttributeBegin
        Translate 0 1.6 0.8
        Material "conductor"
        Shape "sphere" "float radius" [ 0.3 ]
      AttributeEnd
      """;

  @Test
  void everyTreeletIsWithinBudgetAndRoundTripsThroughItsBlob() {
    Scene scene = TestRenders.scene(ROOM);
    Bvh bvh = BvhBuilder.build(scene.triangles().positions(), scene.triangles().count(), 2, null);
    long budget = 32 * 1024;
    List<Treelet> treelets = TreeletPartitioner.partition(bvh, scene.triangles(), budget);
    assertTrue(treelets.size() > 8, "treelets: " + treelets.size());
    int triangles = 0;
    int nodes = 0;
    for (Treelet t : treelets) {
      byte[] blob = TreeletCodec.encode(t);
      assertEquals(blob.length, t.byteSize());
      assertTrue(blob.length <= budget, "treelet " + t.id() + " is " + blob.length + " bytes");
      Treelet back = TreeletCodec.decode(blob);
      assertArrayEquals(blob, TreeletCodec.encode(back));
      assertEquals(t.links(), back.links());
      triangles += t.triangleCount();
      nodes += t.nodeCount();
      for (Treelet.Link l : t.links()) {
        assertTrue(l.treelet() > t.id(), "links point down the tree, to later treelets");
        assertTrue(l.node() < treelets.get(l.treelet()).nodeCount(), "a link names a node of its treelet");
      }
    }
    assertEquals(scene.triangles().count(), triangles, "every triangle is in exactly one treelet");
    assertEquals(bvh.nodeCount(), nodes, "every node is in exactly one treelet");
  }

  @Test
  void aBlobOfTheOlderFormatIsRefusedWithWhatToDo() {
    Scene scene = TestRenders.scene(ROOM);
    Bvh bvh = BvhBuilder.build(scene.triangles().positions(), scene.triangles().count(), 2, null);
    byte[] blob = TreeletCodec.encode(TreeletPartitioner.partition(bvh, scene.triangles(), Long.MAX_VALUE).get(0));
    blob[3] = '1'; // "TLT2" -> "TLT1": triangles stored as (v0, e1, e2), which this kernel would misread
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TreeletCodec.decode(blob));
    assertTrue(e.getMessage().contains("older format") && e.getMessage().contains("prepare the scene again"),
        e.getMessage());
  }

  @Test
  void treeletRendersEqualTheUnsplitRenderExactly() throws Exception {
    Scene scene = TestRenders.scene(ROOM);
    Film whole = TestRenders.render(scene, Long.MAX_VALUE / 2, 1, Long.MAX_VALUE, 8, 11);
    long total = TreeletCodec.size(0, 0, 0, 0);
    for (int[] expected : new int[][] {{8, 20}, {64, 200}}) {
      long budget = budgetFor(scene, expected[0]);
      PreparedCount pc = count(scene, budget);
      assertTrue(pc.count >= expected[0] && pc.count <= expected[1], "budget " + budget + " gave " + pc.count);
      Film split = TestRenders.render(scene, budget, 2, Long.MAX_VALUE, 8, 11);
      TestRenders.assertSameImage(whole, split, pc.count + " treelets");
      total = pc.total;
    }
    // A worker that holds only a few treelets at a time (evicting as it goes) still renders the same.
    long budget = budgetFor(scene, 64);
    Film bounded = TestRenders.render(scene, budget, 2, Math.max(budget * 4, total / 8), 8, 11);
    TestRenders.assertSameImage(whole, bounded, "bounded cache");
  }

  /**
   * The largest budget, in steps of 10% below (whole tree bytes) / n, that cuts the scene into at
   * least n treelets.
   */
  private static long budgetFor(Scene scene, int n) {
    Bvh bvh = BvhBuilder.build(scene.triangles().positions(), scene.triangles().count(), 1, null);
    long whole = TreeletPartitioner.partition(bvh, scene.triangles(), Long.MAX_VALUE / 2).get(0).byteSize();
    long budget = whole / n;
    while (TreeletPartitioner.partition(bvh, scene.triangles(), budget).size() < n) {
      budget = budget * 9 / 10; // packing leaves some room in each treelet
    }
    return budget;
  }

  private record PreparedCount(int count, long total) {}

  private static PreparedCount count(Scene scene, long budget) {
    var p = dev.treelet.tracer.render.PreparedScene.prepare(scene, budget, 1, null);
    return new PreparedCount(p.treelets().count(), p.treelets().totalBytes());
  }
}
