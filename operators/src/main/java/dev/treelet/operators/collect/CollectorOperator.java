package dev.treelet.operators.collect;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.ProgressReport;
import dev.treelet.operators.RenderSpec;
import dev.treelet.operators.feedback.FeedbackHead;
import dev.treelet.operators.wire.Credit;
import dev.treelet.operators.wire.RayBag;
import dev.treelet.tracer.render.PreparedSceneFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The Collector: issues camera bags (recipes: a tile and a run of samples, made into rays by the
 * worker that traces them, and the tile's heading for routing: {@link TileHeadings}) as credits allow, from many tiles at once far apart (CameraSchedule), and
 * is the head of the credit loop (aggregator -> here). Its input is the control stream, which it
 * only follows so that it finishes when that stream does: when every tile is complete it signals the
 * co-located control source, which ends, and the whole job winds down with nothing left in flight.
 */
public final class CollectorOperator extends AbstractStreamOperator<RayBag>
    implements OneInputStreamOperator<Allocation, RayBag> {
  private static final long serialVersionUID = 1L;
  public static final String LOOP = "credits";
  public static final OutputTag<ProgressReport> PROGRESS =
      new OutputTag<>("progress", TypeInformation.of(ProgressReport.class));

  private final RenderSpec spec;
  private transient CameraSchedule schedule;
  private transient int[] headings;
  private transient FeedbackHead<Credit> credits;
  private transient MailboxExecutor mailbox;
  private transient ListState<byte[]> state;
  private transient LongCounter cameraRays;
  private transient long lastReport;
  private transient long sequence;
  private transient boolean signalled;

  public CollectorOperator(RenderSpec spec) {
    this.spec = spec;
  }

  @Override
  public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    super.setMailboxExecutor(mailboxExecutor);
    this.mailbox = mailboxExecutor;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    schedule = new CameraSchedule(spec.tiles(), spec.spp(), spec.bagRays(), spec.maxInFlight());
    state = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("camera-schedule", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    for (byte[] b : state.get()) {
      schedule.read(new DataInputStream(new ByteArrayInputStream(b)));
    }
    if (context.isRestored()) {
      // What the restored render had done and had in flight: the evidence that a restore resumed mid-render.
      getRuntimeContext().getLongCounter("restored_paths_done").add(schedule.pathsDone());
      getRuntimeContext().getLongCounter("restored_in_flight_paths").add(schedule.inFlight());
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    cameraRays = getRuntimeContext().getLongCounter("camera_rays");
    PreparedSceneFiles.Opened scene = PreparedSceneFiles.open(Path.of(spec.preparedDir()), spec.seed());
    headings = TileHeadings.of(spec.tiles(), scene.shading(), scene.treelets().load(RayBag.ROOT),
        scene.treelets().count());
    credits = FeedbackHead.open(getRuntimeContext(), LOOP, mailbox, this::takeCredits);
    mailbox.execute(this::issue, "camera rays");
  }

  @Override
  public void processElement(StreamRecord<Allocation> element) {
    // The control stream is followed only for its end; routing is Route's business.
  }

  private void takeCredits(List<Credit> returned) {
    for (Credit c : returned) {
      schedule.credit(c.paths(), c.tileComplete());
    }
    issue();
  }

  private void issue() {
    CameraSchedule.Work w;
    while ((w = schedule.next()) != null) {
      cameraRays.add(w.paths());
      output.collect(new StreamRecord<>(
          RayBag.camera(w.tile(), w.sampleFrom(), w.sampleTo(), w.paths(), headings[w.tile()])));
    }
    report(false);
    if (schedule.done() && !signalled) {
      signalled = true;
      report(true);
      RenderSignals.complete(spec.renderId());
    }
  }

  private void report(boolean force) {
    long now = System.currentTimeMillis();
    if (force || now - lastReport >= spec.reportMillis()) {
      lastReport = now;
      output.collect(PROGRESS, new StreamRecord<>(new ProgressReport(0,
          getRuntimeContext().getTaskInfo().getAttemptNumber(), ++sequence, schedule.pathsDone(),
          schedule.tilesComplete())));
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    credits.startLogging(context.getCheckpointId());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    schedule.write(new DataOutputStream(bytes));
    state.update(List.of(bytes.toByteArray()));
  }

  @Override
  public void finish() throws Exception {
    credits.finished();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    if (credits != null) {
      credits.close();
      credits = null;
    }
    super.close();
  }
}
