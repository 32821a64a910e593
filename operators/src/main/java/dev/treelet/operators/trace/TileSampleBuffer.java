package dev.treelet.operators.trace;

import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import dev.treelet.tracer.film.Film;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Collects finished paths and shadow rays per image tile while a bag is traced, so the aggregator
 * gets one record per tile touched instead of one per sample. Radiance becomes fixed point here,
 * contribution by contribution, exactly as {@link Film#add} does it: the distributed sums equal the
 * single-process film's bit for bit.
 */
final class TileSampleBuffer {
  private final TilePlan plan;
  private final HashMap<Integer, Tile> tiles = new HashMap<>();
  private Tile last; // consecutive samples are nearly always from one tile: skip the map
  private long dropped;

  TileSampleBuffer(TilePlan plan) {
    this.plan = plan;
  }

  private final class Tile {
    final int id;
    int paths;
    int spawned;
    int shadowsDone;
    final int[] slot; // by pixel index within the tile: entry + 1, 0 if not touched yet
    int n;
    int[] pixels = new int[16];
    int[] counts = new int[16];
    long[] sums = new long[48];

    Tile(int id) {
      this.id = id;
      this.slot = new int[plan.pixelCount(id)];
    }

    int slotOf(int pixel) {
      int local = plan.localIndex(pixel);
      int s = slot[local] - 1;
      if (s >= 0) {
        return s;
      }
      if (n == pixels.length) {
        pixels = Arrays.copyOf(pixels, 2 * n);
        counts = Arrays.copyOf(counts, 2 * n);
        sums = Arrays.copyOf(sums, 6 * n);
      }
      pixels[n] = pixel;
      slot[local] = n + 1;
      return n++;
    }
  }

  void pathDone(int pixel, float r, float g, float b, int shadowRays) {
    Tile t = tile(pixel);
    t.paths++;
    t.spawned += shadowRays;
    int s = t.slotOf(pixel);
    t.counts[s]++;
    addLight(t, s, r, g, b);
  }

  void shadowDone(int pixel, float r, float g, float b) {
    Tile t = tile(pixel);
    t.shadowsDone++;
    if (r != 0 || g != 0 || b != 0) {
      addLight(t, t.slotOf(pixel), r, g, b);
    }
  }

  private void addLight(Tile t, int s, float r, float g, float b) {
    if (!(Float.isFinite(r) && Float.isFinite(g) && Float.isFinite(b))) {
      dropped++;
      return;
    }
    t.sums[3 * s] += Film.toFixed(r);
    t.sums[3 * s + 1] += Film.toFixed(g);
    t.sums[3 * s + 2] += Film.toFixed(b);
  }

  private Tile tile(int pixel) {
    int id = plan.tileOf(pixel);
    if (last == null || last.id != id) {
      last = tiles.computeIfAbsent(id, Tile::new);
    }
    return last;
  }

  /** One record per tile touched since the last drain. */
  List<TileSamples> drain() {
    List<TileSamples> out = new ArrayList<>(tiles.size());
    for (Tile t : tiles.values()) {
      out.add(new TileSamples(t.id, t.paths, t.spawned, t.shadowsDone, Arrays.copyOf(t.pixels, t.n),
          Arrays.copyOf(t.counts, t.n), Arrays.copyOf(t.sums, 3 * t.n)));
    }
    tiles.clear();
    last = null;
    return out;
  }

  /** Contributions dropped for not being finite (their path still counts, as in Film). */
  long dropped() {
    return dropped;
  }
}
