package dev.treelet.tracer.treelet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The treelets a worker holds, within a byte budget: least recently used ones are dropped to make
 * room. Thread-safe. Reports the peak of bytes resident, which is what a worker's memory is judged by.
 */
public final class TreeletCache {
  private final TreeletStore store;
  private final long budget;
  private final LinkedHashMap<Integer, Treelet> resident = new LinkedHashMap<>(16, 0.75f, true);
  private long residentBytes;
  private long peakBytes;
  private long loads;

  public TreeletCache(TreeletStore store, long budgetBytes) {
    this.store = store;
    this.budget = budgetBytes;
    long largest = 0;
    for (int i = 0; i < store.count(); i++) {
      largest = Math.max(largest, store.byteSize(i));
    }
    if (largest > budgetBytes) {
      throw new IllegalArgumentException("a worker budget of " + budgetBytes + " bytes cannot hold the largest"
          + " treelet (" + largest + " bytes); raise --worker-memory or lower --treelet-bytes");
    }
  }

  public synchronized Treelet get(int id) {
    Treelet t = resident.get(id);
    if (t != null) {
      return t;
    }
    long size = store.byteSize(id);
    var it = resident.entrySet().iterator();
    while (residentBytes + size > budget && it.hasNext()) {
      Map.Entry<Integer, Treelet> e = it.next();
      residentBytes -= store.byteSize(e.getKey());
      it.remove();
    }
    t = store.load(id);
    resident.put(id, t);
    residentBytes += size;
    peakBytes = Math.max(peakBytes, residentBytes);
    loads++;
    return t;
  }

  public synchronized boolean isResident(int id) {
    return resident.containsKey(id);
  }

  public synchronized long peakBytes() {
    return peakBytes;
  }

  public synchronized long loads() {
    return loads;
  }
}
