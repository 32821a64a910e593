package dev.treelet.operators.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.operators.aggregate.TileLedger;
import dev.treelet.operators.wire.RayBag;
import dev.treelet.operators.wire.TileImage;
import dev.treelet.operators.wire.TilePlan;
import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.render.LocalRenderer;
import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.scene.pbrt.PbrtParser;
import dev.treelet.tracer.treelet.TreeletStore;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job's loop without Flink: two workers each holding some treelets, bags routed to a holder,
 * samples through the aggregator's ledger. The image must equal the single-process render exactly and
 * every tile must complete, which is only possible if no ray was lost or counted twice.
 */
class WorkerTracerTest {
  private static final Path SCENES = Path.of(System.getProperty("treelet.repo", ".."), "scenes");

  @Test
  void twoWorkersWithDisjointTreeletsRenderTheSingleProcessImage() throws Exception {
    String text = java.nio.file.Files.readString(SCENES.resolve("cornell-box.pbrt"))
        .replace("[ 256 ] \"integer yresolution\" [ 256 ]", "[ 24 ] \"integer yresolution\" [ 20 ]");
    PreparedScene prepared = PreparedScene.prepare(PbrtParser.parseString(text, SCENES, w -> { }), 64 << 10, 1, null);
    TreeletStore store = prepared.treelets();
    assertTrue(store.count() >= 8, store.count() + " treelets");
    int spp = 3;
    SceneShading shading = prepared.shading(5).withSamplesPerPixel(spp);
    TilePlan plan = new TilePlan(shading.width(), shading.height(), 8);

    int[][] holders = new int[store.count()][];
    for (int t = 0; t < holders.length; t++) {
      holders[t] = t == 0 ? new int[] {0, 1} : new int[] {t % 2};
    }
    Allocation a = new Allocation(1, false, 2, holders);
    WorkerTracer[] workers = new WorkerTracer[2];
    for (int w = 0; w < 2; w++) {
      workers[w] = new WorkerTracer(shading, store, plan, w, Long.MAX_VALUE, null);
      workers[w].apply(a);
    }

    TileLedger ledger = new TileLedger(plan, spp);
    Map<Integer, TileImage> tiles = new HashMap<>();
    ArrayDeque<RayBag> loop = new ArrayDeque<>();
    // Camera work as the Collector issues it: recipes the workers make into rays (two per tile here).
    for (int t = 0; t < plan.tileCount(); t++) {
      loop.add(RayBag.camera(t, 0, 1, plan.pixelCount(t), RayBag.ROOT));
      loop.add(RayBag.camera(t, 1, spp, plan.pixelCount(t) * (spp - 1), RayBag.ROOT));
    }
    int bags = 0;
    while (!loop.isEmpty()) {
      RayBag bag = loop.poll();
      int[] entryHolders = a.holders(bag.entryTreelet());
      int w = entryHolders[bags++ % entryHolders.length];
      workers[w].trace(bag, 0, loop::add, s -> tiles.put(s.tile(),
          ledger.add(tiles.getOrDefault(s.tile(), ledger.empty(s.tile())), s)));
    }

    Film film = new Film(shading.width(), shading.height());
    for (TileImage t : tiles.values()) {
      assertTrue(t.complete(), "tile " + t.tile() + " complete");
      for (int i = 0; i < t.counts().length; i++) {
        film.addFixed(plan.pixel(t.tile(), i), t.sums()[3 * i], t.sums()[3 * i + 1], t.sums()[3 * i + 2],
            t.counts()[i]);
      }
    }
    assertEquals(plan.tileCount(), tiles.size());
    Film expected = new LocalRenderer(shading, store, LocalRenderer.Options.of(1), LocalRenderer.countersFor(shading))
        .render().film();
    assertArrayEquals(expected.rgb(), film.rgb());
    assertEquals(spp, film.minSamples());
    assertEquals(spp, film.maxSamples());
    assertTrue(workers[0].raysSentOn() + workers[1].raysSentOn() > 0, "rays crossed between workers");
  }

  /** Workers of one render in one JVM load a treelet they both hold once; each still counts it. */
  @Test
  void workersOfOneRenderShareTheTreeletsTheyBothHold() throws Exception {
    String text = java.nio.file.Files.readString(SCENES.resolve("cornell-box.pbrt"));
    PreparedScene prepared = PreparedScene.prepare(PbrtParser.parseString(text, SCENES, w -> { }), 64 << 10, 1, null);
    TreeletStore scene = prepared.treelets();
    int[] loads = new int[1];
    TreeletStore counting = new TreeletStore() {
      @Override
      public int count() {
        return scene.count();
      }

      @Override
      public long byteSize(int id) {
        return scene.byteSize(id);
      }

      @Override
      public dev.treelet.tracer.treelet.Treelet load(int id) {
        loads[0]++;
        return scene.load(id);
      }
    };
    SceneShading shading = prepared.shading(0);
    TilePlan plan = new TilePlan(shading.width(), shading.height(), 16);
    int n = scene.count();
    int[][] both = new int[n][];
    int[][] justTheTop = new int[n][];
    for (int t = 0; t < n; t++) {
      both[t] = new int[] {0, 1};
      justTheTop[t] = t == 0 ? new int[] {0, 1} : new int[] {1};
    }
    WorkerTracer w0 = new WorkerTracer(shading, counting, plan, 0, Long.MAX_VALUE, "render-a");
    WorkerTracer w1 = new WorkerTracer(shading, counting, plan, 1, Long.MAX_VALUE, "render-a");
    w0.apply(new Allocation(1, false, 2, both));
    w1.apply(new Allocation(1, false, 2, both));
    assertEquals(n, loads[0], "each treelet loaded once for both workers");
    assertEquals(scene.totalBytes(), w0.residentBytes(), "a shared treelet still counts against each budget");
    assertEquals(scene.totalBytes(), w1.residentBytes());
    WorkerTracer other = new WorkerTracer(shading, counting, plan, 0, Long.MAX_VALUE, "render-b");
    other.apply(new Allocation(1, false, 2, justTheTop)); // worker 0 of render-b: treelet 0
    assertEquals(n + 1, loads[0], "another render loads its own");

    w0.apply(new Allocation(2, false, 2, justTheTop)); // worker 0 keeps treelet 0 only
    assertEquals(n, CoLocatedTreelets.loaded("render-a"), "worker 1 still holds them all");
    w1.close();
    assertEquals(1, CoLocatedTreelets.loaded("render-a"), "only worker 0's treelet 0 is left");
    w0.close();
    other.close();
    assertEquals(0, CoLocatedTreelets.loaded("render-a"));
    assertEquals(0, CoLocatedTreelets.loaded("render-b"));
  }

  @Test
  void aBagForATreeletNotHeldIsSentOnUntouchedAndTheBudgetIsNeverExceeded() throws Exception {
    String text = java.nio.file.Files.readString(SCENES.resolve("cornell-box.pbrt"));
    PreparedScene prepared = PreparedScene.prepare(PbrtParser.parseString(text, SCENES, w -> { }), 64 << 10, 1, null);
    TreeletStore store = prepared.treelets();
    SceneShading shading = prepared.shading(0);
    long budget = store.byteSize(0) + store.byteSize(1);
    WorkerTracer w = new WorkerTracer(shading, store, new TilePlan(shading.width(), shading.height(), 16), 0, budget,
        null);
    int[][] all = new int[store.count()][];
    for (int t = 0; t < all.length; t++) {
      all[t] = new int[] {0};
    }
    w.apply(new Allocation(1, false, 1, all)); // asks for more than fits: loads only what fits
    assertTrue(w.peakResidentBytes() <= budget);
    assertTrue(w.holds(0) && w.holds(1) && !w.holds(2));
    RayBag bag = RayBag.of(2, new RayBatch(1)).routedTo(17, 1, 0, 1);
    ArrayDeque<RayBag> out = new ArrayDeque<>();
    w.trace(bag, 2, out::add, s -> { throw new AssertionError(); });
    assertEquals(1, out.size());
    assertArrayEquals(bag.encoded(), out.peek().encoded());
  }
}
