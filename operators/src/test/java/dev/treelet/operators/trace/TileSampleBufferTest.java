package dev.treelet.operators.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import dev.treelet.tracer.film.Film;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TileSampleBufferTest {
  @Test
  void everyPixelLandsInTheTileThePlanNamesWithItsCountAndLight() {
    TilePlan plan = new TilePlan(37, 23, 8); // edge tiles are narrower and shorter
    TileSampleBuffer buffer = new TileSampleBuffer(plan);
    int pixels = plan.width() * plan.height();
    // Pixels in a scattered order, so lookups leave and re-enter tiles; pixel p gets p % 3 + 1 paths.
    for (int k = 0; k < pixels; k++) {
      int p = (int) ((k * 7919L) % pixels);
      for (int i = 0; i <= p % 3; i++) {
        buffer.pathDone(p, p, 0.5f, 0, 1); // r = p, g = 0.5, one shadow ray
        buffer.shadowDone(p, 0, 0.25f, 0); // which adds g = 0.25
      }
    }
    Map<Integer, Integer> seen = new HashMap<>();
    for (TileSamples s : buffer.drain()) {
      assertEquals(plan.pixelCount(s.tile()), s.pixels().length, "tile " + s.tile());
      for (int i = 0; i < s.pixels().length; i++) {
        int p = s.pixels()[i];
        assertEquals(plan.tileOf(p), s.tile(), "pixel " + p);
        assertEquals(p % 3 + 1, s.counts()[i], "pixel " + p);
        assertEquals((p % 3 + 1) * Film.toFixed(p), s.sums()[3 * i], "pixel " + p);
        assertEquals((p % 3 + 1) * (Film.toFixed(0.5f) + Film.toFixed(0.25f)), s.sums()[3 * i + 1], "pixel " + p);
        assertEquals(0, s.sums()[3 * i + 2], "pixel " + p);
        seen.merge(p, 1, Integer::sum);
      }
    }
    assertEquals(pixels, seen.size(), "every pixel once");
  }

  @Test
  void onlyTilesWithEnoughPathsLeaveTheRestStayHeld() {
    TilePlan plan = new TilePlan(16, 8, 8); // tiles 0 and 1
    TileSampleBuffer buffer = new TileSampleBuffer(plan);
    for (int i = 0; i < 5; i++) {
      buffer.pathDone(0, 1, 1, 1, 0); // tile 0: 5 paths
    }
    buffer.pathDone(8, 1, 1, 1, 2); // tile 1: 1 path with two shadow rays
    List<TileSamples> out = buffer.drainTilesWith(5);
    assertEquals(1, out.size());
    assertEquals(0, out.get(0).tile());
    assertEquals(5, out.get(0).paths());
    buffer.pathDone(0, 1, 1, 1, 0); // tile 0 starts again
    List<TileSamples> rest = buffer.drain();
    assertEquals(2, rest.size());
    assertTrue(buffer.isEmpty());
    assertEquals(1, rest.stream().filter(s -> s.tile() == 0).findFirst().orElseThrow().paths());
    assertEquals(2, rest.stream().filter(s -> s.tile() == 1).findFirst().orElseThrow().shadowsSpawned());
  }

  /** Drained tiles' arrays are reused for the next tiles: nothing of the old tile may show. */
  @Test
  void aTileReusedAfterADrainStartsClean() {
    TilePlan plan = new TilePlan(13, 8, 8); // tile 0 is 8 x 8, tile 1 is 5 x 8
    TileSampleBuffer buffer = new TileSampleBuffer(plan);
    for (int round = 0; round < 3; round++) {
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          buffer.pathDone(y * 13 + x, 1, 2, 3, 1);
          buffer.shadowDone(y * 13 + x, 0.5f, 0, 0);
        }
      }
      assertEquals(64, buffer.drain().get(0).pixels().length);
      int pixel = 3 * 13 + 11; // (11, 3): tile 1, drawn from the spare tile 0 left
      buffer.pathDone(pixel, 0.25f, 0, 0, 0);
      List<TileSamples> out = buffer.drain();
      assertEquals(1, out.size());
      TileSamples s = out.get(0);
      assertEquals(1, s.tile());
      assertEquals(1, s.paths());
      assertEquals(0, s.shadowsSpawned());
      assertEquals(0, s.shadowsDone());
      assertArrayEquals(new int[] {pixel}, s.pixels());
      assertEquals(1, s.counts()[0]);
      assertEquals(Film.toFixed(0.25f), s.sums()[0]);
      assertEquals(0, s.sums()[1]);
    }
  }

  @Test
  void recordsMergedIntoAnotherBufferDrainAsIfTracedThere() {
    TilePlan plan = new TilePlan(20, 12, 8);
    TileSampleBuffer direct = new TileSampleBuffer(plan); // every sample added here
    TileSampleBuffer first = new TileSampleBuffer(plan); // the first half, drained as records...
    TileSampleBuffer merged = new TileSampleBuffer(plan); // ...merged here, then the second half
    for (int p = 0; p < 240; p += 7) {
      direct.pathDone(p, p * 0.01f, 0.5f, 2, 1);
      direct.shadowDone(p, 0.125f, 0, 0);
      first.pathDone(p, p * 0.01f, 0.5f, 2, 1);
      first.shadowDone(p, 0.125f, 0, 0);
    }
    for (TileSamples s : first.drain()) {
      merged.add(s);
    }
    for (int p = 3; p < 240; p += 11) {
      direct.pathDone(p, 1, 1, 1, 0);
      merged.pathDone(p, 1, 1, 1, 0);
    }
    Map<Integer, TileSamples> expected = byTile(direct.drain());
    Map<Integer, TileSamples> actual = byTile(merged.drain());
    assertEquals(expected.keySet(), actual.keySet());
    for (int tile : expected.keySet()) {
      TileSamples e = expected.get(tile);
      TileSamples a = actual.get(tile);
      assertEquals(e.paths(), a.paths());
      assertEquals(e.shadowsSpawned(), a.shadowsSpawned());
      assertEquals(e.shadowsDone(), a.shadowsDone());
      assertEquals(sums(e), sums(a), "tile " + tile);
    }
  }

  private static Map<Integer, TileSamples> byTile(List<TileSamples> records) {
    Map<Integer, TileSamples> m = new HashMap<>();
    for (TileSamples s : records) {
      assertEquals(null, m.put(s.tile(), s), "one record per tile");
    }
    return m;
  }

  /** pixel -> (count, r, g, b), whatever order the record lists its pixels in. */
  private static Map<Integer, List<Long>> sums(TileSamples s) {
    Map<Integer, List<Long>> m = new HashMap<>();
    for (int i = 0; i < s.pixels().length; i++) {
      m.put(s.pixels()[i], List.of((long) s.counts()[i], s.sums()[3 * i], s.sums()[3 * i + 1], s.sums()[3 * i + 2]));
    }
    return m;
  }
}
