package dev.treelet.operators.wire;

import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.ray.RayBatchCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Rays bound for one treelet (R2E2's ray bag), the record that travels the loop. workerKey is the
 * Flink key that lands on the chosen worker's subtask (see {@code WorkerKeys}); -1 until routed. On
 * the wire: treelet, workerKey, then the kernel's compact batch (116 bytes a ray plus 12 a stack
 * entry).
 */
public record RayBag(int treelet, int workerKey, RayBatch rays) {
  public static final CodecTypeInfo<RayBag> TYPE = new CodecTypeInfo<>(RayBag.class, new Serializer());

  public RayBag routedTo(int key) {
    return new RayBag(treelet, key, rays);
  }

  public int size() {
    return rays.size();
  }

  /** Bytes this bag takes on the wire. */
  public int wireBytes() {
    return 12 + RayBatchCodec.encodedSize(rays);
  }

  public static final class Serializer extends CodecSerializer<RayBag> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(RayBag v, DataOutputView out) throws IOException {
      byte[] rays = RayBatchCodec.encode(v.rays);
      out.writeInt(v.treelet);
      out.writeInt(v.workerKey);
      out.writeInt(rays.length);
      out.write(rays);
    }

    @Override
    protected RayBag read(DataInputView in) throws IOException {
      int treelet = in.readInt();
      int key = in.readInt();
      int n = in.readInt();
      if (n < 4 || n > (1 << 30)) {
        throw new IOException("a ray bag claims " + n + " bytes of rays");
      }
      byte[] rays = new byte[n];
      in.readFully(rays);
      try {
        return new RayBag(treelet, key, RayBatchCodec.decode(rays));
      } catch (IllegalArgumentException e) {
        throw new IOException("malformed ray bag for treelet " + treelet + ": " + e.getMessage(), e);
      }
    }

    @Override
    public RayBag createInstance() {
      return new RayBag(0, -1, new RayBatch(1));
    }

    @Override
    public TypeSerializerSnapshot<RayBag> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  public static final class Snapshot extends SimpleTypeSerializerSnapshot<RayBag> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
