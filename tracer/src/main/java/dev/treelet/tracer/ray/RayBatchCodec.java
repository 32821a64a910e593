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
      int o = r * RayBatch.STRIDE;
      ints.put(b.data, o, RayBatch.HEADER + 3 * b.data[o + RayBatch.STACK_SIZE]);
    }
    buf.position(buf.position() + 4 * ints.position());
  }

  public static RayBatch decode(byte[] bytes) {
    return decode(ByteBuffer.wrap(bytes));
  }

  public static RayBatch decode(ByteBuffer buf) {
    buf.order(ByteOrder.LITTLE_ENDIAN);
    int n = buf.getInt();
    if (n < 0 || (long) n * 4 * RayBatch.HEADER > buf.remaining()) {
      throw new IllegalArgumentException("ray batch claims " + n + " rays but has " + buf.remaining() + " bytes");
    }
    RayBatch b = new RayBatch(n);
    IntBuffer ints = buf.asIntBuffer();
    for (int r = 0; r < n; r++) {
      int o = b.add() * RayBatch.STRIDE;
      ints.get(b.data, o, RayBatch.HEADER);
      int sp = b.data[o + RayBatch.STACK_SIZE];
      if (sp < 0 || sp > RayBatch.MAX_STACK) {
        throw new IllegalArgumentException("ray " + r + " of a batch has a stack of " + sp + " entries");
      }
      ints.get(b.data, o + RayBatch.HEADER, 3 * sp);
    }
    buf.position(buf.position() + 4 * ints.position());
    return b;
  }
}
