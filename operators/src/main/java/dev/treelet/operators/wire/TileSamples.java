package dev.treelet.operators.wire;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a worker finished for one image tile while tracing one bag: per pixel touched, fixed-point
 * radiance sums and finished paths; for the tile, the termination ledger (paths, the shadow rays
 * those paths spawned, shadow rays finished). Sums are exact integers, so the aggregator's totals
 * do not depend on arrival order.
 *
 * @param pixels   image pixel indices (y * width + x)
 * @param counts   finished paths per entry
 * @param sums     fixed-point r, g, b per entry (see Film.UNIT)
 */
public record TileSamples(int tile, int paths, int shadowsSpawned, int shadowsDone, int[] pixels, int[] counts,
    long[] sums) {
  public static final CodecTypeInfo<TileSamples> TYPE = new CodecTypeInfo<>(TileSamples.class, new Serializer());

  public static final class Serializer extends CodecSerializer<TileSamples> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(TileSamples v, DataOutputView out) throws IOException {
      out.writeInt(v.tile);
      out.writeInt(v.paths);
      out.writeInt(v.shadowsSpawned);
      out.writeInt(v.shadowsDone);
      out.writeInt(v.pixels.length);
      for (int i = 0; i < v.pixels.length; i++) {
        out.writeInt(v.pixels[i]);
        out.writeInt(v.counts[i]);
        out.writeLong(v.sums[3 * i]);
        out.writeLong(v.sums[3 * i + 1]);
        out.writeLong(v.sums[3 * i + 2]);
      }
    }

    @Override
    protected TileSamples read(DataInputView in) throws IOException {
      int tile = in.readInt();
      int paths = in.readInt();
      int spawned = in.readInt();
      int done = in.readInt();
      int n = in.readInt();
      if (n < 0 || n > (1 << 24)) {
        throw new IOException("tile samples claim " + n + " pixels");
      }
      int[] pixels = new int[n];
      int[] counts = new int[n];
      long[] sums = new long[3 * n];
      for (int i = 0; i < n; i++) {
        pixels[i] = in.readInt();
        counts[i] = in.readInt();
        sums[3 * i] = in.readLong();
        sums[3 * i + 1] = in.readLong();
        sums[3 * i + 2] = in.readLong();
      }
      return new TileSamples(tile, paths, spawned, done, pixels, counts, sums);
    }

    @Override
    public TileSamples createInstance() {
      return new TileSamples(0, 0, 0, 0, new int[0], new int[0], new long[0]);
    }

    @Override
    public TypeSerializerSnapshot<TileSamples> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TileSamples> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
