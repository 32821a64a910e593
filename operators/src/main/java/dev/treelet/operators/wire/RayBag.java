package dev.treelet.operators.wire;

import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.ray.RayBatchCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Rays bound for one treelet (R2E2's ray bag), the record that travels the loop. A router stamps it
 * when it sends it: workerKey, the Flink key that lands on the chosen worker's subtask (see
 * {@code WorkerKeys}); the allocation epoch it was routed under (a worker that has not applied that
 * epoch yet holds the bag until it has: the treelet may be loading); the routing subtask; and the
 * wall-clock millisecond it left (how long rays wait for each treelet is the load the coordinator
 * allocates by). Unrouted: key, epoch and origin are -1.
 *
 * <p>A <em>stop marker</em> is a bag without rays for treelet {@link #STOP}: a router that applies a
 * paused allocation sends one to every worker, behind everything it sent before; a worker that has
 * one from every router for an epoch has received all that was sent before the stop (a barrier's ack).
 *
 * <p>The rays travel encoded (the kernel's compact batch: 116 bytes a ray plus 12 a stack entry),
 * from the subtask that made them to the one that traces them: a router only reads the bag's header,
 * and the wire copies bytes instead of decoding and encoding at every hop (that cost the routers most
 * of their time: a decoded batch has room for a full stack per ray, ~0.9 KB).
 *
 * <p>On the wire: treelet, workerKey, epoch, origin, sentMillis, then the encoded rays. A bag is
 * equal only to itself (its rays are an array); compare {@link #encoded} to compare contents.
 */
public record RayBag(int treelet, int workerKey, long epoch, int origin, long sentMillis, byte[] encoded) {
  public static final CodecTypeInfo<RayBag> TYPE = new CodecTypeInfo<>(RayBag.class, new Serializer());
  public static final int STOP = -2;

  private static final byte[] NO_RAYS = RayBatchCodec.encode(new RayBatch(1));

  /** A bag not routed yet. */
  public static RayBag of(int treelet, RayBatch rays) {
    return new RayBag(treelet, -1, -1, -1, 0, RayBatchCodec.encode(rays));
  }

  /** A stop marker for the worker with key, from router origin, for the paused allocation epoch. */
  public static RayBag stopMarker(int key, long epoch, int origin) {
    return new RayBag(STOP, key, epoch, origin, 0, NO_RAYS);
  }

  public boolean isStopMarker() {
    return treelet == STOP;
  }

  /** This bag as sent by router origin to the worker with key, under epoch, at nowMillis. */
  public RayBag routedTo(int key, long routedEpoch, int router, long nowMillis) {
    return new RayBag(treelet, key, routedEpoch, router, nowMillis, encoded);
  }

  /** This bag back on its way to a router, unrouted. */
  public RayBag unrouted() {
    return new RayBag(treelet, -1, -1, -1, 0, encoded);
  }

  /** The number of rays (read from the encoding's header). */
  public int size() {
    return RayBatchCodec.size(encoded);
  }

  /** Appends the rays to into (a worker's reused batch). */
  public void decodeInto(RayBatch into) {
    RayBatchCodec.decodeInto(encoded, into);
  }

  /** Bytes this bag takes on the wire. */
  public int wireBytes() {
    return 32 + encoded.length;
  }

  public static final class Serializer extends CodecSerializer<RayBag> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(RayBag v, DataOutputView out) throws IOException {
      byte[] rays = v.encoded;
      out.writeInt(v.treelet);
      out.writeInt(v.workerKey);
      out.writeLong(v.epoch);
      out.writeInt(v.origin);
      out.writeLong(v.sentMillis);
      out.writeInt(rays.length);
      out.write(rays);
    }

    @Override
    protected RayBag read(DataInputView in) throws IOException {
      int treelet = in.readInt();
      int key = in.readInt();
      long epoch = in.readLong();
      int origin = in.readInt();
      long sent = in.readLong();
      int n = in.readInt();
      if (n < 4 || n > (1 << 30)) {
        throw new IOException("a ray bag claims " + n + " bytes of rays");
      }
      byte[] rays = new byte[n];
      in.readFully(rays);
      try {
        RayBatchCodec.count(rays); // a damaged bag fails here, named, not in a worker's decode
        return new RayBag(treelet, key, epoch, origin, sent, rays);
      } catch (IllegalArgumentException e) {
        throw new IOException("malformed ray bag for treelet " + treelet + ": " + e.getMessage(), e);
      }
    }

    @Override
    public RayBag createInstance() {
      return of(0, new RayBatch(1));
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
