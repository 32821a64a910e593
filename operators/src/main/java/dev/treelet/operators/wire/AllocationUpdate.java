package dev.treelet.operators.wire;

import dev.treelet.coordinator.protocol.Allocation;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializer for the control stream's records and the broadcast state that keeps them. */
public final class AllocationUpdate {
  public static final CodecTypeInfo<Allocation> TYPE = new CodecTypeInfo<>(Allocation.class, new Serializer());

  private AllocationUpdate() {}

  public static final class Serializer extends CodecSerializer<Allocation> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(Allocation v, DataOutputView out) throws IOException {
      v.write(out);
    }

    @Override
    protected Allocation read(DataInputView in) throws IOException {
      return Allocation.read(in);
    }

    @Override
    public boolean isImmutableType() {
      return true;
    }

    @Override
    public Allocation copy(Allocation from) {
      return from;
    }

    @Override
    public Allocation createInstance() {
      return new Allocation(0, false, 1, new int[0][]);
    }

    @Override
    public TypeSerializerSnapshot<Allocation> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Allocation> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
