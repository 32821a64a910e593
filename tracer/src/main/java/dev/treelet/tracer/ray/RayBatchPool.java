package dev.treelet.tracer.ray;

import java.util.ArrayDeque;

/**
 * Emptied ray batches kept for reuse by one thread. A batch has room for a full traversal stack per
 * ray (~0.9 KB), and a bag traced through many small treelets fills dozens of them: allocating each
 * afresh (and zeroing it) cost the single-process renderer half its speed on 64 KB treelets.
 */
public final class RayBatchPool {
  private final ArrayDeque<RayBatch> spare = new ArrayDeque<>();
  private final int max;

  /** Keeps at most max batches; more are left to the garbage collector. */
  public RayBatchPool(int max) {
    this.max = max;
  }

  /** An empty batch. */
  public RayBatch take() {
    return spare.isEmpty() ? new RayBatch(64) : spare.pop();
  }

  /** Gives back a batch nobody reads any more; it is cleared. */
  public void give(RayBatch b) {
    if (spare.size() < max) {
      b.clear();
      spare.push(b);
    }
  }
}
