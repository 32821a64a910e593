package dev.treelet.tracer.treelet;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Treelet blobs as files in a folder (a local disk, or a shared file system every worker mounts):
 * {@code treelets.idx} lists the count and each blob's size, {@code treelet-NNNNNN.bin} holds one
 * blob. Opening reads only the index; a treelet is read when a worker loads it, so a worker never
 * touches geometry it does not hold.
 */
public final class DirectoryTreeletStore implements TreeletStore {
  private static final int MAGIC = 0x54494432; // "TID2": blobs of TreeletCodec's format 2
  /** The index of a folder whose blobs are format 1 (triangles as v0, e1, e2), which would misrender. */
  private static final int MAGIC_V1 = 0x54494458; // "TIDX"
  private static final String INDEX = "treelets.idx";

  private final Path dir;
  private final long[] sizes;

  private DirectoryTreeletStore(Path dir, long[] sizes) {
    this.dir = dir;
    this.sizes = sizes;
  }

  /** Writes every treelet of store into dir (created if needed). */
  public static void write(Path dir, TreeletStore store) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < store.count(); i++) {
      Files.write(file(dir, i), TreeletCodec.encode(store.load(i)));
    }
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(INDEX)))) {
      out.writeInt(MAGIC);
      out.writeInt(store.count());
      for (int i = 0; i < store.count(); i++) {
        out.writeLong(store.byteSize(i));
      }
    }
  }

  public static DirectoryTreeletStore open(Path dir) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve(INDEX)))) {
      int magic = in.readInt();
      if (magic == MAGIC_V1) {
        throw new IOException(dir + " was prepared by an older treelet (treelet format 1); prepare the scene "
            + "again: ./treelet prepare SCENE.pbrt " + dir);
      }
      if (magic != MAGIC) {
        throw new IOException(dir.resolve(INDEX) + " is not a treelet index; prepare the scene again");
      }
      long[] sizes = new long[in.readInt()];
      for (int i = 0; i < sizes.length; i++) {
        sizes[i] = in.readLong();
      }
      return new DirectoryTreeletStore(dir, sizes);
    } catch (NoSuchFileException e) {
      throw new IOException(dir + " holds no prepared treelets (" + INDEX + " is missing); run ./treelet prepare");
    }
  }

  private static Path file(Path dir, int id) {
    return dir.resolve(String.format("treelet-%06d.bin", id));
  }

  @Override
  public int count() {
    return sizes.length;
  }

  @Override
  public long byteSize(int id) {
    return sizes[id];
  }

  @Override
  public Treelet load(int id) {
    try {
      byte[] blob = Files.readAllBytes(file(dir, id));
      if (blob.length != sizes[id]) {
        throw new IOException(file(dir, id) + " is " + blob.length + " bytes, the index says " + sizes[id]
            + "; the folder is damaged or half-copied: prepare the scene again");
      }
      return TreeletCodec.decode(blob);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load treelet " + id + ": " + e.getMessage(), e);
    }
  }
}
