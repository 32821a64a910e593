package dev.treelet.tracer.ray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * Ray batches as bytes, without Kryo or Java serialisation: int32 count, then each ray's header and
 * used stack entries as little-endian int32s. A ray costs 116 bytes plus 12 per stack entry (a fresh
 * ray from the camera has one entry: 128 bytes; mid-traversal rays typically 140-250).
 */
public final class RayBatchCodec {
  private RayBatchCodec() {}

  public static int encodedSize(RayBatch b) {
    int bytes = 4;
    for (int r = 0; r < b.size; r++) {
      bytes += b.encodedBytes(r);
    }
    return bytes;
  }

  public static byte[] encode(RayBatch b) {
    ByteBuffer buf = ByteBuffer.allocate(encodedSize(b)).order(ByteOrder.LITTLE_ENDIAN);
    encode(b, buf);
    return buf.array();
  }

  /** Writes into buf at its position (which must have encodedSize(b) bytes left). */
  public static void encode(RayBatch b, ByteBuffer buf) {
    buf.order(ByteOrder.LITTLE_ENDIAN).putInt(b.size);
    IntBuffer ints = buf.asIntBuffer();
    for (int r = 0; r < b.size; r++) {
      int o = b.offset(r);
      ints.put(b.data, o, RayBatch.HEADER + 3 * b.data[o + RayBatch.STACK_SIZE]);
    }
    buf.position(buf.position() + 4 * ints.position());
  }

  public static RayBatch decode(byte[] bytes) {
    return decode(ByteBuffer.wrap(bytes));
  }

  public static RayBatch decode(ByteBuffer buf) {
    buf.order(ByteOrder.LITTLE_ENDIAN);
    RayBatch b = new RayBatch(Math.max(1, checkedCount(buf.getInt(buf.position()), buf.remaining() - 4)));
    decodeInto(buf, b);
    return b;
  }

  /** The ray count in an encoding's header, unchecked (for one that {@link #count} has accepted). */
  public static int size(byte[] encoded) {
    return ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
  }

  /** Appends the rays encoded in bytes to into (a reused batch: no allocation once it has room). */
  public static void decodeInto(byte[] bytes, RayBatch into) {
    decodeInto(ByteBuffer.wrap(bytes), into);
  }

  private static void decodeInto(ByteBuffer buf, RayBatch into) {
    buf.order(ByteOrder.LITTLE_ENDIAN);
    int n = checkedCount(buf.getInt(), buf.remaining());
    IntBuffer ints = buf.asIntBuffer();
    for (int r = 0; r < n; r++) {
      int sp = checkedStack(ints.get(ints.position() + RayBatch.STACK_SIZE), r);
      int o = into.offset(into.append(sp));
      ints.get(into.data, o, RayBatch.HEADER + 3 * sp);
    }
    buf.position(buf.position() + 4 * ints.position());
  }

  /**
   * The number of rays encoded in bytes, after checking that the rays and their stacks fill the
   * bytes exactly: a bag can travel encoded and be decoded only where it is traced.
   */
  public static int count(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int n = count(buf);
    if (buf.position() != bytes.length) {
      throw new IllegalArgumentException("ray batch of " + n + " rays is followed by "
          + (bytes.length - buf.position()) + " more bytes");
    }
    return n;
  }

  /** The number of rays encoded at buf's position; moves the position past them. */
  private static int count(ByteBuffer buf) {
    buf.order(ByteOrder.LITTLE_ENDIAN);
    int n = checkedCount(buf.getInt(), buf.remaining());
    int at = buf.position();
    for (int r = 0; r < n; r++) {
      if (at + 4 * RayBatch.HEADER > buf.limit()) {
        throw new IllegalArgumentException("ray batch claims " + n + " rays but ends inside ray " + r);
      }
      at += 4 * (RayBatch.HEADER + 3 * checkedStack(buf.getInt(at + 4 * RayBatch.STACK_SIZE), r));
    }
    if (at > buf.limit()) {
      throw new IllegalArgumentException("ray batch claims " + n + " rays but ends inside the last one's stack");
    }
    buf.position(at);
    return n;
  }

  private static int checkedCount(int n, int remaining) {
    if (n < 0 || (long) n * 4 * RayBatch.HEADER > remaining) {
      throw new IllegalArgumentException("ray batch claims " + n + " rays but has " + remaining + " bytes");
    }
    return n;
  }

  private static int checkedStack(int sp, int r) {
    if (sp < 0 || sp > RayBatch.MAX_STACK) {
      throw new IllegalArgumentException("ray " + r + " of a batch has a stack of " + sp + " entries");
    }
    return sp;
  }
}
