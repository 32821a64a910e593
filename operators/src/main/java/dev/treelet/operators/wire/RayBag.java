package dev.treelet.operators.wire;

import dev.treelet.tracer.integrator.CameraRays;
import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.ray.RayBatchCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * <p>A <em>camera bag</em> (treelet {@link #CAMERA}) carries no rays but their recipe: a tile and a
 * run of sample indices, 20 bytes instead of ~131 KB for 1024 rays. Camera rays are a pure function of
 * (pixel, sample), so the worker that traces them makes them ({@link #makeCameraRays}); they enter the
 * root treelet. Made by the Collector, they were copied four times on their way to a worker. The
 * recipe also names its tile's <em>heading</em>, the treelet its rays enter after the root (the
 * Collector's guess, {@code TileHeadings}): routers send the bag to a worker holding that one too.
 *
 * <p>On the wire: treelet, workerKey, epoch, origin, sentMillis, then the encoded rays (for a camera
 * bag: paths, tile, first sample, end sample). A bag is equal only to itself (its rays are an array);
 * compare {@link #encoded} to compare contents.
 */
public record RayBag(int treelet, int workerKey, long epoch, int origin, long sentMillis, byte[] encoded) {
  public static final CodecTypeInfo<RayBag> TYPE = new CodecTypeInfo<>(RayBag.class, new Serializer());
  public static final int STOP = -2;
  public static final int CAMERA = -3;
  /** The treelet every camera ray starts in. */
  public static final int ROOT = 0;

  /**
   * A camera recipe's fields, little-endian ints. Paths come first, where a ray encoding keeps its
   * count, so {@link #size} reads both alike.
   */
  private static final int RECIPE_PATHS = 0;
  private static final int RECIPE_TILE = 4;
  private static final int RECIPE_FROM = 8;
  private static final int RECIPE_TO = 12;
  private static final int RECIPE_HEADING = 16;
  private static final int RECIPE_BYTES = 20;

  private static final byte[] NO_RAYS = RayBatchCodec.encode(new RayBatch(1));

  /** A bag not routed yet. */
  public static RayBag of(int treelet, RayBatch rays) {
    return new RayBag(treelet, -1, -1, -1, 0, RayBatchCodec.encode(rays));
  }

  /**
   * A camera bag, not routed yet: samples [sampleFrom, sampleTo) of every pixel of tile, paths in all,
   * whose rays head for treelet heading after the root ({@link #ROOT} if that is not known).
   */
  public static RayBag camera(int tile, int sampleFrom, int sampleTo, int paths, int heading) {
    ByteBuffer b = ByteBuffer.allocate(RECIPE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(RECIPE_PATHS, paths).putInt(RECIPE_TILE, tile).putInt(RECIPE_FROM, sampleFrom).putInt(RECIPE_TO, sampleTo)
        .putInt(RECIPE_HEADING, heading);
    return new RayBag(CAMERA, -1, -1, -1, 0, b.array());
  }

  private static int recipe(byte[] encoded, int field) {
    return ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).getInt(field);
  }

  public boolean isCamera() {
    return treelet == CAMERA;
  }

  /** Whether the bag carries encoded rays (neither a camera recipe nor a stop marker). */
  public boolean carriesRays() {
    return treelet >= 0;
  }

  /** The treelet this bag's rays enter: the root for a camera bag. */
  public int entryTreelet() {
    return isCamera() ? ROOT : treelet;
  }

  /** A camera bag's heading: the treelet its rays enter after the root, or {@link #ROOT} if not known. */
  public int heading() {
    return isCamera() ? recipe(encoded, RECIPE_HEADING) : ROOT;
  }

  /** Appends a camera bag's rays to into, pixel by pixel of its tile, as the single-process renderer orders them. */
  public void makeCameraRays(TilePlan plan, CameraRays camera, RayBatch into) {
    int tile = recipe(encoded, RECIPE_TILE);
    int from = recipe(encoded, RECIPE_FROM);
    int to = recipe(encoded, RECIPE_TO);
    for (int i = 0; i < plan.pixelCount(tile); i++) {
      int pixel = plan.pixel(tile, i);
      for (int s = from; s < to; s++) {
        camera.generate(pixel, s, into);
      }
    }
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

  /** The number of rays (read from the encoding's header; a camera bag's paths). */
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
      if (treelet == CAMERA) {
        return checkedCamera(new RayBag(treelet, key, epoch, origin, sent, rays));
      }
      try {
        RayBatchCodec.count(rays); // a damaged bag fails here, named, not in a worker's decode
        return new RayBag(treelet, key, epoch, origin, sent, rays);
      } catch (IllegalArgumentException e) {
        throw new IOException("malformed ray bag for treelet " + treelet + ": " + e.getMessage(), e);
      }
    }

    private static RayBag checkedCamera(RayBag bag) throws IOException {
      byte[] e = bag.encoded;
      if (e.length != RECIPE_BYTES || recipe(e, RECIPE_PATHS) < 0 || recipe(e, RECIPE_TILE) < 0
          || recipe(e, RECIPE_FROM) < 0 || recipe(e, RECIPE_TO) <= recipe(e, RECIPE_FROM)
          || recipe(e, RECIPE_HEADING) < 0) {
        throw new IOException("malformed camera bag: " + e.length + " bytes (" + RECIPE_BYTES
            + " expected: paths, tile, first sample, end sample, heading, each >= 0, end after first)");
      }
      return bag;
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
