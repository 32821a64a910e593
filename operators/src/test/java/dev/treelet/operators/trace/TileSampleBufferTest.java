package dev.treelet.operators.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import dev.treelet.tracer.film.Film;
import java.util.HashMap;
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
}
