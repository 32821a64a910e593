package dev.treelet.coordinator.protocol;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The treelet -> workers map the job routes by. Epochs only grow: a router or worker that holds
 * epoch e ignores anything at or below e, so a late or repeated update can never undo a newer one.
 * {@code paused} is the stop-sending half of a barrier: routers hold rays instead of sending them.
 * Immutable; holders of each treelet are sorted worker ids.
 */
public final class Allocation {
  /** Refuse absurd sizes before allocating for them (a truncated or hostile payload). */
  public static final int MAX_TREELETS = 1 << 22;
  public static final int MAX_WORKERS = 1 << 16;

  private final long epoch;
  private final boolean paused;
  private final int workers;
  private final int[][] holders;

  public Allocation(long epoch, boolean paused, int workers, int[][] holders) {
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException("workers must be 1.." + MAX_WORKERS + ", got " + workers);
    }
    if (holders.length > MAX_TREELETS) {
      throw new IllegalArgumentException("too many treelets: " + holders.length);
    }
    this.epoch = epoch;
    this.paused = paused;
    this.workers = workers;
    this.holders = new int[holders.length][];
    for (int t = 0; t < holders.length; t++) {
      int[] h = holders[t].clone();
      Arrays.sort(h);
      for (int i = 0; i < h.length; i++) {
        if (h[i] < 0 || h[i] >= workers) {
          throw new IllegalArgumentException("treelet " + t + " names worker " + h[i] + ", but workers are 0.."
              + (workers - 1));
        }
        if (i > 0 && h[i] == h[i - 1]) {
          throw new IllegalArgumentException("treelet " + t + " names worker " + h[i] + " twice");
        }
      }
      this.holders[t] = h;
    }
  }

  public long epoch() {
    return epoch;
  }

  public boolean paused() {
    return paused;
  }

  public int workers() {
    return workers;
  }

  public int treeletCount() {
    return holders.length;
  }

  /** Workers holding treelet t (sorted; do not modify). Empty if nobody does. */
  public int[] holders(int t) {
    return holders[t];
  }

  public boolean holds(int worker, int t) {
    return Arrays.binarySearch(holders[t], worker) >= 0;
  }

  public List<Integer> treeletsOf(int worker) {
    List<Integer> out = new ArrayList<>();
    for (int t = 0; t < holders.length; t++) {
      if (holds(worker, t)) {
        out.add(t);
      }
    }
    return out;
  }

  public Allocation withEpoch(long newEpoch) {
    return new Allocation(newEpoch, paused, workers, holders);
  }

  public Allocation withPaused(long newEpoch, boolean nowPaused) {
    return new Allocation(newEpoch, nowPaused, workers, holders);
  }

  /** The holders arrays, copied (for building a changed allocation). */
  public int[][] holdersCopy() {
    int[][] copy = new int[holders.length][];
    for (int t = 0; t < holders.length; t++) {
      copy[t] = holders[t].clone();
    }
    return copy;
  }

  public void write(DataOutput out) throws IOException {
    out.writeLong(epoch);
    out.writeBoolean(paused);
    out.writeInt(workers);
    out.writeInt(holders.length);
    for (int[] h : holders) {
      out.writeShort(h.length);
      for (int w : h) {
        out.writeShort(w);
      }
    }
  }

  /** Reads what {@link #write} wrote; a malformed payload is an IOException that says what is wrong. */
  public static Allocation read(DataInput in) throws IOException {
    long epoch = in.readLong();
    boolean paused = in.readBoolean();
    int workers = in.readInt();
    int n = in.readInt();
    if (n < 0 || n > MAX_TREELETS || workers < 1 || workers > MAX_WORKERS) {
      throw new IOException("malformed allocation: " + n + " treelets over " + workers + " workers");
    }
    int[][] holders = new int[n][];
    for (int t = 0; t < n; t++) {
      int k = in.readUnsignedShort();
      holders[t] = new int[k];
      for (int i = 0; i < k; i++) {
        holders[t][i] = in.readUnsignedShort();
      }
    }
    try {
      return new Allocation(epoch, paused, workers, holders);
    } catch (IllegalArgumentException e) {
      throw new IOException("malformed allocation: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Allocation a && a.epoch == epoch && a.paused == paused && a.workers == workers
        && Arrays.deepEquals(a.holders, holders);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(epoch) * 31 + Arrays.deepHashCode(holders);
  }

  @Override
  public String toString() {
    return "Allocation{epoch=" + epoch + (paused ? ", paused" : "") + ", workers=" + workers + ", holders="
        + Arrays.deepToString(holders) + "}";
  }
}
