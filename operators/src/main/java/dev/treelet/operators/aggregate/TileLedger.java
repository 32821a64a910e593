package dev.treelet.operators.aggregate;

import dev.treelet.operators.wire.TileImage;
import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;

/**
 * The aggregator's arithmetic, without Flink: adds a worker's samples to a tile and decides whether
 * the tile is complete. Complete means every pixel has exactly spp finished paths and the shadow
 * rays those paths spawned have all reported (the balance is zero): only then is no ray of this tile
 * left anywhere. More than spp samples in a pixel is a bug upstream and fails loudly.
 */
public final class TileLedger {
  private final TilePlan plan;
  private final int spp;

  public TileLedger(TilePlan plan, int spp) {
    this.plan = plan;
    this.spp = spp;
  }

  public TileImage empty(int tile) {
    int n = plan.pixelCount(tile);
    return new TileImage(tile, new long[3 * n], new int[n], 0, 0, false);
  }

  /** The tile with s added (the arrays of current are updated in place and reused). */
  public TileImage add(TileImage current, TileSamples s) {
    if (current.complete()) {
      throw new IllegalStateException("tile " + s.tile() + " received samples after it was complete");
    }
    long[] sums = current.sums();
    int[] counts = current.counts();
    for (int i = 0; i < s.pixels().length; i++) {
      int local = plan.localIndex(s.pixels()[i]);
      counts[local] += s.counts()[i];
      if (counts[local] > spp) {
        throw new IllegalStateException("pixel " + s.pixels()[i] + " has " + counts[local] + " samples, more than "
            + spp + ": a sample was counted twice");
      }
      sums[3 * local] += s.sums()[3 * i];
      sums[3 * local + 1] += s.sums()[3 * i + 1];
      sums[3 * local + 2] += s.sums()[3 * i + 2];
    }
    long paths = current.paths() + s.paths();
    long balance = current.shadowBalance() + s.shadowsSpawned() - s.shadowsDone();
    boolean complete = paths == (long) plan.pixelCount(s.tile()) * spp && balance == 0;
    return new TileImage(s.tile(), sums, counts, paths, balance, complete);
  }
}
