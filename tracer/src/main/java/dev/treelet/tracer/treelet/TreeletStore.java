package dev.treelet.tracer.treelet;

/** Where treelet blobs live (memory, a folder, a shared file system); a worker loads from here. */
public interface TreeletStore {
  int count();

  /** The exact size of treelet id's blob. */
  long byteSize(int id);

  Treelet load(int id);

  default long totalBytes() {
    long s = 0;
    for (int i = 0; i < count(); i++) {
      s += byteSize(i);
    }
    return s;
  }
}
