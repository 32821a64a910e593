package dev.treelet.operators.wire;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A tile's pixels as the aggregator holds them (also its RocksDB state): fixed-point sums (3 per
 * pixel) and exact sample counts, pixels in the tile's row-major order, plus the termination ledger.
 * {@code complete} once every pixel has all its samples and every shadow ray spawned for them is in.
 */
public record TileImage(int tile, long[] sums, int[] counts, long paths, long shadowBalance, boolean complete) {
  public static final CodecTypeInfo<TileImage> TYPE = new CodecTypeInfo<>(TileImage.class, new Serializer());

  /** A copy whose arrays this one's later in-place updates do not reach. */
  public TileImage copy() {
    return new TileImage(tile, sums.clone(), counts.clone(), paths, shadowBalance, complete);
  }

  public static final class Serializer extends CodecSerializer<TileImage> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(TileImage v, DataOutputView out) throws IOException {
      out.writeInt(v.tile);
      out.writeLong(v.paths);
      out.writeLong(v.shadowBalance);
      out.writeBoolean(v.complete);
      out.writeInt(v.counts.length);
      for (int i = 0; i < v.counts.length; i++) {
        out.writeInt(v.counts[i]);
        out.writeLong(v.sums[3 * i]);
        out.writeLong(v.sums[3 * i + 1]);
        out.writeLong(v.sums[3 * i + 2]);
      }
    }

    @Override
    protected TileImage read(DataInputView in) throws IOException {
      int tile = in.readInt();
      long paths = in.readLong();
      long balance = in.readLong();
      boolean complete = in.readBoolean();
      int n = in.readInt();
      if (n < 0 || n > (1 << 24)) {
        throw new IOException("a tile claims " + n + " pixels");
      }
      int[] counts = new int[n];
      long[] sums = new long[3 * n];
      for (int i = 0; i < n; i++) {
        counts[i] = in.readInt();
        sums[3 * i] = in.readLong();
        sums[3 * i + 1] = in.readLong();
        sums[3 * i + 2] = in.readLong();
      }
      return new TileImage(tile, sums, counts, paths, balance, complete);
    }

    @Override
    public TileImage createInstance() {
      return new TileImage(0, new long[0], new int[0], 0, 0, false);
    }

    @Override
    public TypeSerializerSnapshot<TileImage> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TileImage> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
