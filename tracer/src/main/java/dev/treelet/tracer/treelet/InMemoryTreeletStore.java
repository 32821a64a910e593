package dev.treelet.tracer.treelet;

import java.util.List;

/** Treelet blobs held in memory (the single-process renderer, tests). Loading decodes a blob. */
public final class InMemoryTreeletStore implements TreeletStore {
  private final byte[][] blobs;

  public InMemoryTreeletStore(List<Treelet> treelets) {
    blobs = new byte[treelets.size()][];
    for (Treelet t : treelets) {
      blobs[t.id()] = TreeletCodec.encode(t);
    }
  }

  @Override
  public int count() {
    return blobs.length;
  }

  @Override
  public long byteSize(int id) {
    return blobs[id].length;
  }

  @Override
  public Treelet load(int id) {
    return TreeletCodec.decode(blobs[id]);
  }
}
