package dev.treelet.operators.wire;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * From the aggregator back to the Collector: paths finished (credits the Collector may spend on new
 * camera rays) and, once, that a tile is complete. The Collector ends the render when every tile is.
 */
public record Credit(int tile, int paths, boolean tileComplete) {
  public static final CodecTypeInfo<Credit> TYPE = new CodecTypeInfo<>(Credit.class, new Serializer());

  public static final class Serializer extends CodecSerializer<Credit> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(Credit v, DataOutputView out) throws IOException {
      out.writeInt(v.tile);
      out.writeInt(v.paths);
      out.writeBoolean(v.tileComplete);
    }

    @Override
    protected Credit read(DataInputView in) throws IOException {
      return new Credit(in.readInt(), in.readInt(), in.readBoolean());
    }

    @Override
    public boolean isImmutableType() {
      return true;
    }

    @Override
    public Credit copy(Credit from) {
      return from;
    }

    @Override
    public Credit createInstance() {
      return new Credit(0, 0, false);
    }

    @Override
    public TypeSerializerSnapshot<Credit> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Credit> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
