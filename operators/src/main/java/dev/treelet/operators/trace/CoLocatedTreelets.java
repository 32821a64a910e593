package dev.treelet.operators.trace;

import dev.treelet.tracer.treelet.Treelet;
import dev.treelet.tracer.treelet.TreeletStore;
import java.util.HashMap;
import java.util.Map;

/**
 * Treelets held by workers that run in one JVM (the embedded cluster runs every worker in one task
 * manager): a treelet that several of them hold is loaded once and shared, so K workers cost the
 * memory of the union of what they hold, not K copies (without a budget every worker holds the whole
 * scene). A loaded Treelet is read-only, so sharing it between tracing threads is safe. Each worker
 * still counts a treelet it holds against its own budget: the budget stands for the memory of a
 * machine of its own, which is what the allocation plans for.
 *
 * <p>Keyed by render (a new id for every submission, restores included), so two renders in one JVM
 * never share, and by treelet; counted, so the last worker to drop a treelet frees it.
 */
final class CoLocatedTreelets {
  private record Key(String render, int treelet) {}

  private static final class Held {
    final Treelet treelet;
    int holders;

    Held(Treelet treelet) {
      this.treelet = treelet;
    }
  }

  private static final Map<Key, Held> HELD = new HashMap<>();

  private CoLocatedTreelets() {}

  /** Treelet id of render, loaded from store by the first worker that asks. */
  static synchronized Treelet acquire(String render, int id, TreeletStore store) {
    Held h = HELD.computeIfAbsent(new Key(render, id), k -> new Held(store.load(id)));
    h.holders++;
    return h.treelet;
  }

  /** One worker of render no longer holds treelet id; the last one frees it. */
  static synchronized void release(String render, int id) {
    Key k = new Key(render, id);
    Held h = HELD.get(k);
    if (h != null && --h.holders == 0) {
      HELD.remove(k);
    }
  }

  /** Treelets of render held by some worker here (for tests). */
  static synchronized int loaded(String render) {
    int n = 0;
    for (Key k : HELD.keySet()) {
      if (k.render.equals(render)) {
        n++;
      }
    }
    return n;
  }
}
