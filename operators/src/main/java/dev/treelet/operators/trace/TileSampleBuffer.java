package dev.treelet.operators.trace;

import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import dev.treelet.tracer.film.Film;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects finished paths and shadow rays per image tile, so the aggregator gets one record per tile
 * now and then instead of one per sample: while a worker traces a bag, and across bags in
 * {@link SampleMerger}. Radiance becomes fixed point here, contribution by contribution, exactly as
 * {@link Film#add} does it: the distributed sums equal the single-process film's bit for bit, however
 * the records are cut and merged.
 *
 * <p>A tile's sums live in dense arrays indexed by the pixel's place in the tile, and a drained tile's
 * arrays are cleared where touched and kept for the next tile (up to {@link #SPARE_TILES}), instead of
 * sparse arrays grown by doubling and allocated afresh for every bag. Every path passes through here:
 * this and SampleMerger took 6.0% of a worker's tracing thread before, 5.2% after (terrain, 64 KB
 * treelets, 2 workers, async-profiler); most of what is left is the fixed-point conversion, which the
 * single-process film does too.
 */
final class TileSampleBuffer {
  /** Drained tiles kept for reuse: as many as are in progress at once by default (CameraSchedule), ~8 KB each. */
  static final int SPARE_TILES = 64;

  private final TilePlan plan;
  private final int width;
  private final int tileSize;
  private final int tilesX;
  private final Tile[] byId; // tiles touched since the last drain, by id (rays of a bag span many tiles)
  private final List<Tile> touched = new ArrayList<>();
  private final ArrayDeque<Tile> spare = new ArrayDeque<>();
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

  /** One tile's ledger and sums; arrays are by pixel index within the tile, sized for a full tile. */
  private final class Tile {
    int id;
    int x0;
    int y0;
    int w;
    int h;
    int paths;
    int spawned;
    int shadowsDone;
    final int[] counts = new int[tileSize * tileSize];
    final long[] sums = new long[3 * tileSize * tileSize];
    final boolean[] seen = new boolean[tileSize * tileSize];
    final int[] order = new int[tileSize * tileSize]; // pixels touched, by index within the tile, in order
    int n;

    Tile reset(int tile) {
      id = tile;
      x0 = (tile % tilesX) * tileSize;
      y0 = (tile / tilesX) * tileSize;
      w = plan.tileWidth(tile);
      h = plan.tileHeight(tile);
      paths = 0;
      spawned = 0;
      shadowsDone = 0;
      return this;
    }

    boolean covers(int x, int y) {
      return x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
    }

    void touch(int i) {
      if (!seen[i]) {
        seen[i] = true;
        order[n++] = i;
      }
    }

    TileSamples record() {
      int[] pixels = new int[n];
      int[] c = new int[n];
      long[] rgb = new long[3 * n];
      for (int k = 0; k < n; k++) {
        int i = order[k];
        pixels[k] = plan.pixel(id, i);
        c[k] = counts[i];
        rgb[3 * k] = sums[3 * i];
        rgb[3 * k + 1] = sums[3 * i + 1];
        rgb[3 * k + 2] = sums[3 * i + 2];
      }
      return new TileSamples(id, paths, spawned, shadowsDone, pixels, c, rgb);
    }

    /** Zero again where touched, so the next tile starts clean without clearing the whole arrays. */
    void clear() {
      for (int k = 0; k < n; k++) {
        int i = order[k];
        seen[i] = false;
        counts[i] = 0;
        sums[3 * i] = 0;
        sums[3 * i + 1] = 0;
        sums[3 * i + 2] = 0;
      }
      n = 0;
    }
  }

  void pathDone(int pixel, float r, float g, float b, int shadowRays) {
    Tile t = tile(pixel);
    t.paths++;
    t.spawned += shadowRays;
    t.touch(local);
    t.counts[local]++;
    addLight(t, local, r, g, b);
  }

  void shadowDone(int pixel, float r, float g, float b) {
    Tile t = tile(pixel);
    t.shadowsDone++;
    if (r != 0 || g != 0 || b != 0) {
      t.touch(local);
      addLight(t, local, r, g, b);
    }
  }

  private void addLight(Tile t, int i, float r, float g, float b) {
    if (!(Float.isFinite(r) && Float.isFinite(g) && Float.isFinite(b))) {
      dropped++;
      return;
    }
    t.sums[3 * i] += Film.toFixed(r);
    t.sums[3 * i + 1] += Film.toFixed(g);
    t.sums[3 * i + 2] += Film.toFixed(b);
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
      Tile reused = spare.poll();
      t = byId[id] = (reused != null ? reused : new Tile()).reset(id);
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
        out.add(t.record());
        t.clear();
        if (spare.size() < SPARE_TILES) {
          spare.add(t);
        }
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
    for (int k = 0; k < s.pixels().length; k++) {
      Tile t = tile(s.pixels()[k]);
      t.touch(local);
      t.counts[local] += s.counts()[k];
      t.sums[3 * local] += s.sums()[3 * k];
      t.sums[3 * local + 1] += s.sums()[3 * k + 1];
      t.sums[3 * local + 2] += s.sums()[3 * k + 2];
    }
    Tile t = tileById(s.tile());
    t.paths += s.paths();
    t.spawned += s.shadowsSpawned();
    t.shadowsDone += s.shadowsDone();
  }

  /** Contributions dropped for not being finite (their path still counts, as in Film). */
  long dropped() {
    return dropped;
  }
}
