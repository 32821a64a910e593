package dev.treelet.operators.collect;

import dev.treelet.operators.wire.TilePlan;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The Collector's bookkeeping: which camera samples were issued, how many paths are in flight (spent
 * credits), and how many tiles are complete. Camera work goes out in bags of up to bagRays paths (a
 * tile's pixels times a run of sample indices); a bag is issued only while paths in flight stay under
 * maxInFlight, so the loop's memory stays bounded even though it has no back-pressure of its own.
 * Plain Java; the operator around it only moves records.
 *
 * <p>Several tiles are in progress at once, far apart in the image: up to maxInFlight / bagRays tiles
 * (64 by default), opened in a scattered order (a golden-ratio stride through the tile indices), and
 * bags go round them in turn. Issued one tile at a time, every path in flight belonged to one 16 x 16
 * pixel tile (at 256 spp that is all 65,536 paths), so all rays needed the few treelets of one small
 * part of the scene: on a split scene one worker held them all while the other idled for seconds at
 * a stretch (terrain, 2 workers: one 85-95% idle for 1.4 s; both 0.76 busy over the render).
 */
public final class CameraSchedule {
  /** One bag of camera work: samples [sampleFrom, sampleTo) of every pixel of tile. */
  public record Work(int tile, int sampleFrom, int sampleTo, int paths) {}

  private static final int EMPTY = -1;

  private final TilePlan plan;
  private final int spp;
  private final int bagRays;
  private final long maxInFlight;
  private final int stride;
  /** Tiles in progress (EMPTY: none) and the next sample index of each. */
  private final int[] slotTile;
  private final int[] slotSample;
  /** Tiles opened so far, in the scattered order. */
  private int opened;
  /** The slot the next bag comes from. */
  private int cursor;
  private long inFlight;
  private long pathsDone;
  private int tilesComplete;

  public CameraSchedule(TilePlan plan, int spp, int bagRays, long maxInFlight) {
    this.plan = plan;
    this.spp = spp;
    this.bagRays = bagRays;
    this.maxInFlight = maxInFlight;
    this.stride = scatterStride(plan.tileCount());
    int slots = (int) Math.max(1, Math.min(plan.tileCount(), maxInFlight / Math.max(1, bagRays)));
    this.slotTile = new int[slots];
    this.slotSample = new int[slots];
    for (int i = 0; i < slots; i++) {
      slotTile[i] = openNext();
    }
  }

  /** The next bag if credits allow it, or null. */
  public Work next() {
    if (!advanceToOpenSlot()) {
      return null;
    }
    int tile = slotTile[cursor];
    int from = slotSample[cursor];
    int pixels = plan.pixelCount(tile);
    int samples = Math.max(1, Math.min(spp - from, bagRays / pixels));
    int paths = pixels * samples;
    if (inFlight > 0 && inFlight + paths > maxInFlight) {
      return null;
    }
    inFlight += paths;
    slotSample[cursor] = from + samples;
    if (slotSample[cursor] == spp) {
      slotSample[cursor] = 0;
      slotTile[cursor] = openNext();
    }
    cursor = (cursor + 1) % slotTile.length;
    return new Work(tile, from, from + samples, paths);
  }

  /** Paths finished (credits back), and whether that completed a tile. */
  public void credit(int paths, boolean tileComplete) {
    inFlight -= paths;
    pathsDone += paths;
    if (tileComplete) {
      tilesComplete++;
    }
  }

  /** Every tile complete: every pixel has all its samples and no ray of the render is left. */
  public boolean done() {
    return tilesComplete == plan.tileCount();
  }

  public long inFlight() {
    return inFlight;
  }

  public long pathsDone() {
    return pathsDone;
  }

  public int tilesComplete() {
    return tilesComplete;
  }

  public void write(DataOutput out) throws IOException {
    out.writeInt(slotTile.length);
    for (int i = 0; i < slotTile.length; i++) {
      out.writeInt(slotTile[i]);
      out.writeInt(slotSample[i]);
    }
    out.writeInt(opened);
    out.writeInt(cursor);
    out.writeLong(inFlight);
    out.writeLong(pathsDone);
    out.writeInt(tilesComplete);
  }

  public void read(DataInput in) throws IOException {
    int slots = in.readInt();
    if (slots != slotTile.length) {
      throw new IOException("the checkpoint's Collector had " + slots + " tiles in progress, this render has "
          + slotTile.length + ": restore with the same bag size and paths in flight");
    }
    for (int i = 0; i < slots; i++) {
      slotTile[i] = in.readInt();
      slotSample[i] = in.readInt();
    }
    opened = in.readInt();
    cursor = in.readInt();
    inFlight = in.readLong();
    pathsDone = in.readLong();
    tilesComplete = in.readInt();
  }

  /** Moves the cursor to the next slot with a tile in progress; false once every tile is issued. */
  private boolean advanceToOpenSlot() {
    for (int k = 0; k < slotTile.length; k++) {
      int i = (cursor + k) % slotTile.length;
      if (slotTile[i] != EMPTY) {
        cursor = i;
        return true;
      }
    }
    return false;
  }

  /** The next tile in the scattered order, or EMPTY once all are open. */
  private int openNext() {
    int n = plan.tileCount();
    return opened < n ? (int) ((long) opened++ * stride % n) : EMPTY;
  }

  /**
   * A step through n tile indices that visits each once (coprime with n) and lands far from the last
   * (about 0.618 n: successive tiles alternate between distant rows of the image).
   */
  static int scatterStride(int n) {
    int s = Math.max(1, (int) Math.round(n * 0.6180339887));
    while (gcd(s, n) != 1) {
      s++;
    }
    return s;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
