package dev.treelet.operators.collect;

import dev.treelet.operators.wire.TilePlan;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The Collector's bookkeeping, tile by tile: which camera samples were issued, how many paths are in
 * flight (spent credits), and how many tiles are complete. Camera work goes out in bags of up to
 * bagRays paths (a tile's pixels times a run of sample indices); a bag is issued only while paths in
 * flight stay under maxInFlight, so the loop's memory stays bounded even though it has no
 * back-pressure of its own. Plain Java; the operator around it only moves records.
 */
public final class CameraSchedule {
  /** One bag of camera work: samples [sampleFrom, sampleTo) of every pixel of tile. */
  public record Work(int tile, int sampleFrom, int sampleTo, int paths) {}

  private final TilePlan plan;
  private final int spp;
  private final int bagRays;
  private final long maxInFlight;
  private int nextTile;
  private int nextSample;
  private long inFlight;
  private long pathsDone;
  private int tilesComplete;

  public CameraSchedule(TilePlan plan, int spp, int bagRays, long maxInFlight) {
    this.plan = plan;
    this.spp = spp;
    this.bagRays = bagRays;
    this.maxInFlight = maxInFlight;
  }

  /** The next bag if credits allow it, or null. */
  public Work next() {
    if (nextTile >= plan.tileCount()) {
      return null;
    }
    int pixels = plan.pixelCount(nextTile);
    int samples = Math.max(1, Math.min(spp - nextSample, bagRays / pixels));
    int paths = pixels * samples;
    if (inFlight > 0 && inFlight + paths > maxInFlight) {
      return null;
    }
    Work w = new Work(nextTile, nextSample, nextSample + samples, paths);
    inFlight += paths;
    nextSample += samples;
    if (nextSample == spp) {
      nextSample = 0;
      nextTile++;
    }
    return w;
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
    out.writeInt(nextTile);
    out.writeInt(nextSample);
    out.writeLong(inFlight);
    out.writeLong(pathsDone);
    out.writeInt(tilesComplete);
  }

  public void read(DataInput in) throws IOException {
    nextTile = in.readInt();
    nextSample = in.readInt();
    inFlight = in.readLong();
    pathsDone = in.readLong();
    tilesComplete = in.readInt();
  }
}
