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
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The tracing operator: keyed by worker (one key per subtask, see WorkerKeys), allocation in
 * broadcast state. A thin adapter over {@link WorkerTracer}: bags in, bags that leave on the main
 * output (back to Route through the feedback edge), finished samples and statistics on side outputs.
 */
public final class TraceFunction extends KeyedBroadcastProcessFunction<Integer, RayBag, Allocation, RayBag> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<TileSamples> SAMPLES = new OutputTag<>("samples", TileSamples.TYPE);
  public static final OutputTag<WorkerReport> REPORTS =
      new OutputTag<>("worker-reports", TypeInformation.of(WorkerReport.class));

  private final RenderSpec spec;
  private transient WorkerTracer tracer;
  private transient int worker;
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
    worker = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
    PreparedSceneFiles.Opened scene = PreparedSceneFiles.open(Path.of(spec.preparedDir()), spec.seed());
    tracer = new WorkerTracer(scene.shading().withSamplesPerPixel(spec.spp()), scene.treelets(), spec.tiles(),
        worker, spec.workerBudget());
    spawnedRays = getRuntimeContext().getLongCounter("spawned_rays");
    hops = getRuntimeContext().getLongCounter("ray_hops");
    dropped = getRuntimeContext().getLongCounter("dropped_contributions");
    peakResident = new LongMaximum();
    getRuntimeContext().addAccumulator("max_worker_resident_bytes", peakResident);
  }

  @Override
  public void processElement(RayBag bag, ReadOnlyContext ctx, Collector<RayBag> out) throws Exception {
    if (tracer.epoch() < 0) {
      // Restored, or a bag outran the control stream: the checkpointed allocation is in broadcast state.
      Allocation a = ctx.getBroadcastState(RouteOperator.ALLOCATION).get(0);
      if (a != null) {
        tracer.apply(a);
      }
    }
    long sentBefore = tracer.raysSentOn() + tracer.misrouted();
    tracer.trace(bag, out::collect, s -> ctx.output(SAMPLES, s));
    hops.add(tracer.raysSentOn() + tracer.misrouted() - sentBefore);
    spawnedRays.add(tracer.spawnedRays() - reportedSpawned);
    reportedSpawned = tracer.spawnedRays();
    dropped.add(tracer.droppedContributions() - reportedDropped);
    reportedDropped = tracer.droppedContributions();
    peakResident.add(tracer.peakResidentBytes());
    long now = System.currentTimeMillis();
    if (now - lastReport >= spec.reportMillis()) {
      lastReport = now;
      ctx.output(REPORTS, report());
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
  }

  private WorkerReport report() {
    long[] rays = tracer.raysByTreelet();
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < rays.length; t++) {
      if (rays[t] > 0) {
        ids.add(t);
      }
    }
    int[] treelets = new int[ids.size()];
    long[] counts = new long[ids.size()];
    for (int i = 0; i < treelets.length; i++) {
      treelets[i] = ids.get(i);
      counts[i] = rays[treelets[i]];
    }
    return new WorkerReport(worker, attempt, ++sequence, treelets, counts, tracer.raysTraced(),
        tracer.raysSentOn(), tracer.misrouted(), tracer.residentBytes(), tracer.peakResidentBytes(),
        spec.workerBudget(), tracer.epoch(), -1); // -1: routers send no stop markers yet, so no barrier ack
  }
}
