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
 * Each entry (treelet, holder) carries a lease, the wall-clock millisecond until which routers may
 * send to it ({@link #FOREVER} when the map is changed by barriers, not leases; seed 000).
 * Immutable; holders of each treelet are sorted worker ids.
 */
public final class Allocation {
  /** Refuse absurd sizes before allocating for them (a truncated or hostile payload). */
  public static final int MAX_TREELETS = 1 << 22;
  public static final int MAX_WORKERS = 1 << 16;
  public static final long FOREVER = Long.MAX_VALUE;

  private final long epoch;
  private final boolean paused;
  private final int workers;
  private final int[][] holders;
  private final long[][] until;
  /** Worked out once here: routers ask for them with every bag. */
  private final long lastLease;
  private final boolean leased;
  private final int copies;

  /** A map without leases: every entry valid until replaced. */
  public Allocation(long epoch, boolean paused, int workers, int[][] holders) {
    this(epoch, paused, workers, holders, null);
  }

  /** until[t][i] is the lease of holders[t][i]; null: no leases. */
  public Allocation(long epoch, boolean paused, int workers, int[][] holders, long[][] until) {
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
    this.until = new long[holders.length][];
    long last = Long.MIN_VALUE;
    boolean anyLease = false;
    int entries = 0;
    for (int t = 0; t < holders.length; t++) {
      if (holders[t] == null || (until != null && until[t] == null)) {
        throw new IllegalArgumentException("treelet " + t + " has no holder list");
      }
      if (until != null && until[t].length != holders[t].length) {
        throw new IllegalArgumentException("treelet " + t + " has " + holders[t].length + " holders but "
            + until[t].length + " leases");
      }
      Integer[] order = new Integer[holders[t].length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      int[] from = holders[t];
      Arrays.sort(order, (a, b) -> Integer.compare(from[a], from[b]));
      int[] h = new int[order.length];
      long[] u = new long[order.length];
      for (int i = 0; i < order.length; i++) {
        h[i] = from[order[i]];
        u[i] = until == null ? FOREVER : until[t][order[i]];
      }
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
      this.until[t] = u;
      for (long x : u) {
        last = Math.max(last, x);
        anyLease |= x != FOREVER;
      }
      entries += h.length;
    }
    this.lastLease = last == Long.MIN_VALUE ? FOREVER : last;
    this.leased = anyLease;
    this.copies = entries;
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

  /** Lease of the i-th holder of treelet t: routers send to it only while now <= this. */
  public long until(int t, int i) {
    return until[t][i];
  }

  /**
   * The latest lease in the map; FOREVER if it has none. Once it has passed, the coordinator has
   * renewed nothing for a whole lease: it is gone, not moving treelets.
   */
  public long lastLease() {
    return lastLease;
  }

  /** True if any entry has a lease (a map changed by barriers has none). */
  public boolean leased() {
    return leased;
  }

  /** Entries (treelet, holder) in the map: the copies of treelets held, all workers together. */
  public int copies() {
    return copies;
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
    return new Allocation(newEpoch, paused, workers, holders, until);
  }

  public Allocation withPaused(long newEpoch, boolean nowPaused) {
    return new Allocation(newEpoch, nowPaused, workers, holders, until);
  }

  /** The same holders, every lease removed (what a map changed by barriers publishes). */
  public Allocation withoutLeases() {
    return new Allocation(epoch, paused, workers, holders);
  }

  /** True if both name the same holders for every treelet (epochs, pause and leases aside). */
  public boolean sameHolders(Allocation o) {
    return o.workers == workers && Arrays.deepEquals(o.holders, holders);
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
    boolean leased = leased();
    out.writeBoolean(leased);
    for (int t = 0; t < holders.length; t++) {
      out.writeShort(holders[t].length);
      for (int i = 0; i < holders[t].length; i++) {
        out.writeShort(holders[t][i]);
        if (leased) {
          out.writeLong(until[t][i]);
        }
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
    boolean leased = in.readBoolean();
    int[][] holders = new int[n][];
    long[][] until = new long[n][];
    for (int t = 0; t < n; t++) {
      int k = in.readUnsignedShort();
      holders[t] = new int[k];
      until[t] = new long[k];
      for (int i = 0; i < k; i++) {
        holders[t][i] = in.readUnsignedShort();
        until[t][i] = leased ? in.readLong() : FOREVER;
      }
    }
    try {
      return new Allocation(epoch, paused, workers, holders, until);
    } catch (IllegalArgumentException e) {
      throw new IOException("malformed allocation: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Allocation a && a.epoch == epoch && a.paused == paused && a.workers == workers
        && Arrays.deepEquals(a.holders, holders) && Arrays.deepEquals(a.until, until);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(epoch) * 31 + Arrays.deepHashCode(holders);
  }

  @Override
  public String toString() {
    return "Allocation{epoch=" + epoch + (paused ? ", paused" : "") + ", workers=" + workers + ", holders="
        + Arrays.deepToString(holders) + (leased() ? ", until=" + Arrays.deepToString(until) : "") + "}";
  }
}
