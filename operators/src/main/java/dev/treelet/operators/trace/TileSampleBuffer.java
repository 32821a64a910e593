package dev.treelet.operators.trace;

import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import dev.treelet.tracer.film.Film;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects finished paths and shadow rays per image tile, so the aggregator gets one record per tile
 * now and then instead of one per sample: while a worker traces a bag, and across bags in
 * {@link SampleMerger}. Radiance becomes fixed point here, contribution by contribution, exactly as
 * {@link Film#add} does it: the distributed sums equal the single-process film's bit for bit, however
 * the records are cut and merged.
 */
final class TileSampleBuffer {
  private final TilePlan plan;
  private final int width;
  private final int tileSize;
  private final int tilesX;
  private final Tile[] byId; // tiles touched since the last drain, by id (rays of a bag span many tiles)
  private final List<Tile> touched = new ArrayList<>();
  private Tile last; // consecutive samples are nearly always from one tile: skip the map
  private int local; // index within its tile of the pixel tile() last looked up
  private long dropped;

  TileSampleBuffer(TilePlan plan) {
    this.plan = plan;
    this.width = plan.width();
    this.tileSize = plan.tileSize();
    this.tilesX = plan.tilesX();
    this.byId = new Tile[plan.tileCount()];
  }

  private final class Tile {
    final int id;
    final int x0;
    final int y0;
    final int w;
    final int h;
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
      this.x0 = (id % tilesX) * tileSize;
      this.y0 = (id / tilesX) * tileSize;
      this.w = plan.tileWidth(id);
      this.h = plan.tileHeight(id);
      this.slot = new int[w * h];
    }

    boolean covers(int x, int y) {
      return x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
    }

    int slotOf(int pixel, int local) {
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
    int s = t.slotOf(pixel, local);
    t.counts[s]++;
    addLight(t, s, r, g, b);
  }

  void shadowDone(int pixel, float r, float g, float b) {
    Tile t = tile(pixel);
    t.shadowsDone++;
    if (r != 0 || g != 0 || b != 0) {
      addLight(t, t.slotOf(pixel, local), r, g, b);
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

  /**
   * The tile holding pixel; sets {@link #local}. Called for every path and shadow ray, so it costs
   * one division when the pixel is in the last tile (TilePlan's tileOf and localIndex take a dozen:
   * 8% of a worker's time).
   */
  private Tile tile(int pixel) {
    int y = pixel / width;
    int x = pixel - y * width;
    Tile t = last;
    if (t == null || !t.covers(x, y)) {
      t = tileById((y / tileSize) * tilesX + x / tileSize);
      last = t;
    }
    local = (y - t.y0) * t.w + (x - t.x0);
    return t;
  }

  private Tile tileById(int id) {
    Tile t = byId[id];
    if (t == null) {
      t = byId[id] = new Tile(id);
      touched.add(t);
    }
    return t;
  }

  /** One record per tile touched since the last drain. */
  List<TileSamples> drain() {
    return drainTilesWith(0);
  }

  /** One record per held tile with at least minPaths finished paths; the other tiles stay held. */
  List<TileSamples> drainTilesWith(int minPaths) {
    List<TileSamples> out = new ArrayList<>();
    int kept = 0;
    for (Tile t : touched) {
      if (t.paths >= minPaths) {
        byId[t.id] = null;
        out.add(record(t));
      } else {
        touched.set(kept++, t); // compacted in place: one pass however many tiles leave
      }
    }
    touched.subList(kept, touched.size()).clear();
    if (last != null && byId[last.id] != last) {
      last = null;
    }
    return out;
  }

  boolean isEmpty() {
    return touched.isEmpty();
  }

  /** Adds a record's samples (one this or another buffer drained). */
  void add(TileSamples s) {
    for (int i = 0; i < s.pixels().length; i++) {
      Tile t = tile(s.pixels()[i]);
      int slot = t.slotOf(s.pixels()[i], local);
      t.counts[slot] += s.counts()[i];
      t.sums[3 * slot] += s.sums()[3 * i];
      t.sums[3 * slot + 1] += s.sums()[3 * i + 1];
      t.sums[3 * slot + 2] += s.sums()[3 * i + 2];
    }
    Tile t = tileById(s.tile());
    t.paths += s.paths();
    t.spawned += s.shadowsSpawned();
    t.shadowsDone += s.shadowsDone();
  }

  private static TileSamples record(Tile t) {
    return new TileSamples(t.id, t.paths, t.spawned, t.shadowsDone, Arrays.copyOf(t.pixels, t.n),
        Arrays.copyOf(t.counts, t.n), Arrays.copyOf(t.sums, 3 * t.n));
  }

  /** Contributions dropped for not being finite (their path still counts, as in Film). */
  long dropped() {
    return dropped;
  }
}
