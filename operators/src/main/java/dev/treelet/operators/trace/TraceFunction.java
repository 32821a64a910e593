package dev.treelet.operators.trace;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.WorkerReport;
import dev.treelet.operators.RenderSpec;
import dev.treelet.operators.route.RouteOperator;
import dev.treelet.operators.wire.RayBag;
import dev.treelet.operators.wire.TileSamples;
import dev.treelet.tracer.render.PreparedSceneFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The tracing operator: keyed by worker (one key per subtask, see WorkerKeys), allocation in
 * broadcast state. A thin adapter over {@link WorkerTracer}: bags in, bags that leave on the main
 * output (back to Route through the feedback edge), finished samples and statistics on side outputs.
 *
 * <p>Its keyed state is the pending queue: a bag routed under an allocation this worker has not
 * applied yet (the control stream reaches routers and workers at different times) waits there, and is
 * traced when that allocation arrives and its treelet is loaded, instead of bouncing between router
 * and worker meanwhile. Stop markers are counted, not traced ({@link StopMarkers}).
 */
public final class TraceFunction extends KeyedBroadcastProcessFunction<Integer, RayBag, Allocation, RayBag> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<TileSamples> SAMPLES = new OutputTag<>("samples", TileSamples.TYPE);
  public static final OutputTag<WorkerReport> REPORTS =
      new OutputTag<>("worker-reports", TypeInformation.of(WorkerReport.class));
  static final ListStateDescriptor<RayBag> PENDING = new ListStateDescriptor<>("pending", RayBag.TYPE);

  private final RenderSpec spec;
  private transient WorkerTracer tracer;
  private transient StopMarkers markers;
  private transient ListState<RayBag> pending;
  private transient long pendingRays;
  private transient int attempt;
  private transient long sequence;
  private transient long lastReport;
  private transient LongCounter spawnedRays;
  private transient LongCounter hops;
  private transient LongMaximum peakResident;
  private transient long reportedSpawned;
  private transient LongCounter dropped;
  private transient long reportedDropped;

  public TraceFunction(RenderSpec spec) {
    this.spec = spec;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    int worker = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
    PreparedSceneFiles.Opened scene = PreparedSceneFiles.open(Path.of(spec.preparedDir()), spec.seed());
    tracer = new WorkerTracer(scene.shading().withSamplesPerPixel(spec.spp()), scene.treelets(), spec.tiles(),
        worker, spec.workerBudget(), spec.renderId());
    markers = new StopMarkers(spec.workers());
    pending = getRuntimeContext().getListState(PENDING);
    spawnedRays = getRuntimeContext().getLongCounter("spawned_rays");
    hops = getRuntimeContext().getLongCounter("ray_hops");
    dropped = getRuntimeContext().getLongCounter("dropped_contributions");
    peakResident = new LongMaximum();
    getRuntimeContext().addAccumulator("max_worker_resident_bytes", peakResident);
  }

  @Override
  public void close() throws Exception {
    if (tracer != null) {
      tracer.close(); // its share of treelets loaded once for this JVM's workers (CoLocatedTreelets)
    }
    super.close();
  }

  @Override
  public void processElement(RayBag bag, ReadOnlyContext ctx, Collector<RayBag> out) throws Exception {
    long now = ctx.currentProcessingTime();
    if (bag.isStopMarker()) {
      if (markers.receive(bag.origin(), bag.epoch())) {
        ctx.output(REPORTS, report(now));
      }
      return;
    }
    if (tracer.epoch() < 0) {
      // Restored, or a bag outran the control stream: the checkpointed allocation is in broadcast state.
      Allocation a = ctx.getBroadcastState(RouteOperator.ALLOCATION).get(0);
      if (a != null) {
        tracer.apply(a);
      }
    }
    if (bag.epoch() > tracer.epoch()) {
      pending.add(bag);
      pendingRays += bag.size();
    } else {
      trace(bag, now, out, s -> ctx.output(SAMPLES, s));
    }
    if (now - lastReport >= spec.reportMillis()) {
      ctx.output(REPORTS, report(now));
    }
  }

  @Override
  public void processBroadcastElement(Allocation a, Context ctx, Collector<RayBag> out) throws Exception {
    Allocation held = ctx.getBroadcastState(RouteOperator.ALLOCATION).get(0);
    if (held == null || a.epoch() > held.epoch()) {
      ctx.getBroadcastState(RouteOperator.ALLOCATION).put(0, a);
    }
    tracer.apply(a);
    peakResident.add(tracer.peakResidentBytes());
    long now = ctx.currentProcessingTime();
    ctx.applyToKeyedState(PENDING, (key, bags) -> {
      List<RayBag> still = new ArrayList<>();
      for (RayBag b : bags.get()) {
        if (b.epoch() > tracer.epoch()) {
          still.add(b);
        } else {
          trace(b, now, out, s -> ctx.output(SAMPLES, s));
        }
      }
      bags.update(still);
      pendingRays = still.stream().mapToLong(RayBag::size).sum();
    });
    ctx.output(REPORTS, report(now)); // the "applied" ack a barrier waits for
  }

  private void trace(RayBag bag, long now, Collector<RayBag> out, Consumer<TileSamples> samples) {
    long sentBefore = tracer.raysSentOn() + tracer.misrouted();
    tracer.trace(bag, now, out::collect, samples);
    hops.add(tracer.raysSentOn() + tracer.misrouted() - sentBefore);
    spawnedRays.add(tracer.spawnedRays() - reportedSpawned);
    reportedSpawned = tracer.spawnedRays();
    dropped.add(tracer.droppedContributions() - reportedDropped);
    reportedDropped = tracer.droppedContributions();
    peakResident.add(tracer.peakResidentBytes());
  }

  private WorkerReport report(long now) {
    lastReport = now;
    return tracer.report(attempt, ++sequence, pendingRays, markers.drained(), now);
  }
}
