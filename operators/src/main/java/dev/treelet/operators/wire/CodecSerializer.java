package dev.treelet.operators.wire;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The base of every serializer this job registers for its own records: a subclass says how to write
 * and read one value; copying goes through those bytes. Nothing here falls back to Kryo or Java
 * serialisation, and the job disables generic types so nothing else can either.
 */
public abstract class CodecSerializer<T> extends TypeSerializerSingleton<T> {
  private static final long serialVersionUID = 1L;

  protected abstract void write(T value, DataOutputView out) throws IOException;

  protected abstract T read(DataInputView in) throws IOException;

  @Override
  public final void serialize(T value, DataOutputView target) throws IOException {
    write(value, target);
  }

  @Override
  public final T deserialize(DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public final T deserialize(T reuse, DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public T copy(T from) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(256);
      write(from, out);
      return read(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    } catch (IOException e) {
      throw new IllegalStateException("copying " + from + " failed", e);
    }
  }

  @Override
  public final T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public final void copy(DataInputView source, DataOutputView target) throws IOException {
    write(read(source), target);
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public int getLength() {
    return -1;
  }
}
