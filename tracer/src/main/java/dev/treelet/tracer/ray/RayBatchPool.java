package dev.treelet.tracer.ray;

import java.util.ArrayDeque;

/**
 * Emptied ray batches kept for reuse, shared by the threads that trade batches. A batch has room for
 * a record of ~0.3 KB per ray, and a bag traced through many small treelets fills dozens of them:
 * allocating each afresh (and zeroing it) cost the single-process renderer half its speed on 64 KB
 * treelets. The pool is bounded by the bytes it keeps, not by a count, and is shared because
 * batches are made by one thread and emptied by another: per-thread pools of 64 dropped what one
 * thread emptied while the other allocated (terrain in 43 treelets: ~500 MB/s of new batches, a heap
 * grown to 2 GB, and on this kind of VM every fresh page of it a slow fault).
 */
public final class RayBatchPool {
  private final ArrayDeque<RayBatch> spare = new ArrayDeque<>();
  private final long maxBytes;
  private long bytes;

  /** Keeps batches whose capacity adds up to at most maxBytes; more are left to the garbage collector. */
  public RayBatchPool(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** An empty batch. */
  public synchronized RayBatch take() {
    RayBatch b = spare.poll();
    if (b == null) {
      return new RayBatch(64);
    }
    bytes -= b.capacityBytes();
    return b;
  }

  /**
   * An empty batch with room for at least rays rays: the smallest spare that has it, else a new one
   * of that size. Handing a 64-ray batch to a 1024-ray camera bag made it grow five times, each a
   * fresh zeroed array and a copy: 1.6% of a split render's trace-thread samples (async-profiler),
   * 0.0% with this. Batches that collect leaving rays, whose count is not known, still use take().
   */
  public synchronized RayBatch take(int rays) {
    RayBatch best = null;
    for (RayBatch b : spare) {
      if (b.capacity() >= rays && (best == null || b.capacity() < best.capacity())) {
        best = b;
      }
    }
    if (best == null) {
      return new RayBatch(rays);
    }
    spare.removeFirstOccurrence(best);
    bytes -= best.capacityBytes();
    return best;
  }

  /** Gives back a batch nobody reads any more; it is cleared. */
  public synchronized void give(RayBatch b) {
    long size = b.capacityBytes();
    if (bytes + size <= maxBytes) {
      b.clear();
      spare.push(b);
      bytes += size;
    }
  }
}
