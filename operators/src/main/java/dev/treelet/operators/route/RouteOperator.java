package dev.treelet.operators.route;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.operators.feedback.FeedbackChannel;
import dev.treelet.operators.feedback.FeedbackHead;
import dev.treelet.operators.wire.AllocationUpdate;
import dev.treelet.operators.wire.RayBag;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Route, the head of the ray loop: camera bags (input 1), allocation updates (input 2, broadcast)
 * and bags fed back from the co-located tracing subtask (the in-JVM channel) all go through one
 * {@link Router}. Its pending bags and the allocation are checkpointed; so is whatever was crossing
 * the back edge (see {@link FeedbackChannel}).
 */
public final class RouteOperator extends AbstractStreamOperator<RayBag>
    implements TwoInputStreamOperator<RayBag, Allocation, RayBag> {
  private static final long serialVersionUID = 1L;
  public static final String LOOP = "rays";
  public static final MapStateDescriptor<Integer, Allocation> ALLOCATION =
      new MapStateDescriptor<>("allocation", Types.INT, AllocationUpdate.TYPE);
  private static final int CURRENT = 0;

  private final WorkerKeys keys;
  private transient Router router;
  private transient MailboxExecutor mailbox;
  private transient FeedbackHead<RayBag> feedback;
  private transient BroadcastState<Integer, Allocation> allocationState;
  private transient ListState<RayBag> pendingState;
  private transient LongCounter wireBytes;
  private transient LongCounter wireRays;
  private transient StreamRecord<RayBag> reuse;
  private transient long retryArmedAt;

  public RouteOperator(WorkerKeys keys) {
    this.keys = keys;
  }

  @Override
  public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    super.setMailboxExecutor(mailboxExecutor);
    this.mailbox = mailboxExecutor;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    router = new Router(keys, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
    reuse = new StreamRecord<>(null);
    allocationState = context.getOperatorStateStore().getBroadcastState(ALLOCATION);
    pendingState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("pending", RayBag.TYPE));
    router.restore(allocationState.get(CURRENT), pendingState.get());
  }

  @Override
  public void open() throws Exception {
    super.open();
    wireBytes = getRuntimeContext().getLongCounter("wire_bytes");
    wireRays = getRuntimeContext().getLongCounter("wire_rays");
    feedback = FeedbackHead.open(getRuntimeContext(), LOOP, mailbox, this::fedBack);
    mailbox.execute(() -> router.retryPending(now(), this::send), "restored pending bags");
  }

  @Override
  public void processElement1(StreamRecord<RayBag> element) {
    router.offer(element.getValue(), now(), this::send);
    armRetry();
  }

  @Override
  public void processElement2(StreamRecord<Allocation> element) throws Exception {
    Allocation a = element.getValue();
    if (router.apply(a, now(), this::send)) {
      allocationState.put(CURRENT, a);
    }
    armRetry();
  }

  private void fedBack(List<RayBag> bags) {
    long now = now();
    for (RayBag bag : bags) {
      router.offer(bag, now, this::send);
    }
    armRetry();
  }

  /**
   * A timer for when the map's last lease runs out, so bags waiting for a holder are offered again
   * even if the coordinator never speaks again (see Router).
   */
  private void armRetry() {
    long at = router.retryAt();
    if (at != Long.MAX_VALUE && at != retryArmedAt) {
      retryArmedAt = at;
      getProcessingTimeService().registerTimer(at + 1, t -> router.retryPending(now(), this::send));
    }
  }

  /** Wall-clock milliseconds: leases are wall-clock times set by the coordinator. */
  private long now() {
    return getProcessingTimeService().getCurrentProcessingTime();
  }

  private void send(RayBag bag) {
    // Bytes per ray on the wire are the rays' own: a camera recipe's rays are made where traced.
    if (bag.carriesRays()) {
      wireBytes.add(bag.wireBytes());
      wireRays.add(bag.size());
    }
    output.collect(reuse.replace(bag));
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    feedback.startLogging(context.getCheckpointId());
    pendingState.update(router.pending());
  }

  @Override
  public void finish() throws Exception {
    feedback.finished();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    if (feedback != null) {
      feedback.close();
      feedback = null;
    }
    super.close();
  }
}
