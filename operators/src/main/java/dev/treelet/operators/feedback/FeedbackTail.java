package dev.treelet.operators.feedback;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The tail of a loop: puts every record into the co-located head's {@link FeedbackChannel}. Its
 * state is what was in flight on the back edge at the last checkpoint; on restore those records go
 * back into the channel before anything new.
 */
public final class FeedbackTail<T> extends AbstractStreamOperator<Void> implements OneInputStreamOperator<T, Void> {
  private static final long serialVersionUID = 1L;
  private final String loop;
  private final TypeInformation<T> type;
  private transient FeedbackChannel<T> channel;
  private transient String key;
  private transient ListState<T> inFlight;

  public FeedbackTail(String loop, TypeInformation<T> type) {
    this.loop = loop;
    this.type = type;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    key = FeedbackChannels.key(getRuntimeContext(), loop);
    channel = FeedbackChannels.acquire(key);
    inFlight = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(loop + "-in-flight", type));
    for (T v : inFlight.get()) {
      channel.put(v);
    }
  }

  @Override
  public void processElement(StreamRecord<T> element) {
    channel.put(element.getValue());
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<T> log = channel.takeLog(context.getCheckpointId());
    inFlight.update(log);
  }

  @Override
  public void close() throws Exception {
    if (key != null) {
      FeedbackChannels.release(key);
      key = null;
    }
    super.close();
  }
}
