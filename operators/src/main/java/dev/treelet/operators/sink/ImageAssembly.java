package dev.treelet.operators.sink;

import dev.treelet.operators.wire.TileImage;
import dev.treelet.operators.wire.TilePlan;
import dev.treelet.tracer.film.Film;
import java.util.ArrayList;
import java.util.List;

/** Complete tiles placed into the film, without Flink; knows when the image is whole. */
public final class ImageAssembly {
  private final TilePlan plan;
  private final Film film;
  private final boolean[] received;
  private final List<TileImage> tiles = new ArrayList<>();
  private int count;

  public ImageAssembly(TilePlan plan) {
    this.plan = plan;
    this.film = new Film(plan.width(), plan.height());
    this.received = new boolean[plan.tileCount()];
  }

  /** Places a complete tile; a tile seen twice is a bug upstream (it would double its samples). */
  public void add(TileImage t) {
    if (received[t.tile()]) {
      throw new IllegalStateException("tile " + t.tile() + " arrived twice");
    }
    received[t.tile()] = true;
    tiles.add(t);
    count++;
    for (int i = 0; i < t.counts().length; i++) {
      film.addFixed(plan.pixel(t.tile(), i), t.sums()[3 * i], t.sums()[3 * i + 1], t.sums()[3 * i + 2],
          t.counts()[i]);
    }
  }

  public boolean whole() {
    return count == received.length;
  }

  public int tilesReceived() {
    return count;
  }

  public Film film() {
    return film;
  }

  /** The tiles received so far (what the sink checkpoints). */
  public List<TileImage> tiles() {
    return tiles;
  }
}
