package dev.treelet.operators.control;

import dev.treelet.coordinator.protocol.Allocation;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The control stream's source (parallelism 1): allocation updates long-polled from the coordinator.
 * It has no splits and no state of its own: after a restore it asks for the current allocation, and
 * routers ignore anything not newer than what their broadcast state holds. It ends when the render
 * is complete, which ends the job.
 */
public final class ControlSource implements Source<Allocation, ControlSource.NoSplit, Void> {
  private static final long serialVersionUID = 1L;
  private final String coordinator;
  private final String renderId;

  public ControlSource(String coordinator, String renderId) {
    this.coordinator = coordinator;
    this.renderId = renderId;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<Allocation, NoSplit> createReader(SourceReaderContext context) {
    return new ControlReader(coordinator, renderId);
  }

  @Override
  public SplitEnumerator<NoSplit, Void> createEnumerator(SplitEnumeratorContext<NoSplit> context) {
    return new NoSplits();
  }

  @Override
  public SplitEnumerator<NoSplit, Void> restoreEnumerator(SplitEnumeratorContext<NoSplit> context, Void checkpoint) {
    return new NoSplits();
  }

  @Override
  public SimpleVersionedSerializer<NoSplit> getSplitSerializer() {
    return new NoSplit.Serializer();
  }

  @Override
  public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
    return new VoidSerializer();
  }

  /** The reader reads from the coordinator, not from splits: there are none. */
  public static final class NoSplit implements SourceSplit {
    @Override
    public String splitId() {
      return "control";
    }

    static final class Serializer implements SimpleVersionedSerializer<NoSplit> {
      @Override
      public int getVersion() {
        return 1;
      }

      @Override
      public byte[] serialize(NoSplit split) {
        return new byte[0];
      }

      @Override
      public NoSplit deserialize(int version, byte[] serialized) {
        return new NoSplit();
      }
    }
  }

  private static final class VoidSerializer implements SimpleVersionedSerializer<Void> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(Void v) {
      return new byte[0];
    }

    @Override
    public Void deserialize(int version, byte[] serialized) {
      return null;
    }
  }

  private static final class NoSplits implements SplitEnumerator<NoSplit, Void> {
    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<NoSplit> splits, int subtaskId) {}

    @Override
    public void addReader(int subtaskId) {}

    @Override
    public Void snapshotState(long checkpointId) {
      return null;
    }

    @Override
    public void close() throws IOException {}
  }
}
