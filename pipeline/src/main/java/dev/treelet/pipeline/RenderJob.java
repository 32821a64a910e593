package dev.treelet.pipeline;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.ProgressReport;
import dev.treelet.coordinator.protocol.WorkerReport;
import dev.treelet.operators.RenderSpec;
import dev.treelet.operators.aggregate.TileAggregator;
import dev.treelet.operators.collect.CollectorOperator;
import dev.treelet.operators.control.ControlSource;
import dev.treelet.operators.control.CoordinatorReporter;
import dev.treelet.operators.feedback.FeedbackTail;
import dev.treelet.operators.route.RouteOperator;
import dev.treelet.operators.route.WorkerKeys;
import dev.treelet.operators.sink.ImageSink;
import dev.treelet.operators.trace.SampleMerger;
import dev.treelet.operators.trace.TraceFunction;
import dev.treelet.operators.wire.AllocationUpdate;
import dev.treelet.operators.wire.Credit;
import dev.treelet.operators.wire.RayBag;
import dev.treelet.operators.wire.TileImage;
import dev.treelet.operators.wire.TileSamples;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The render as a Flink job. Two loops close through in-JVM feedback edges (Flink 2.x has no
 * iterations), each head co-located with its tail:
 *
 * <pre>
 * control source ─┬─ Collector ── camera bags ──> Route ──keyBy(worker)──> Trace ─┬─ rays leaving ─> tail ~~> Route
 *   (coordinator) │      ^                          ^ broadcast                   ├─ samples, merged ─keyBy(tile)─> Aggregator ─┬─> Sink
 *                 └──────┼──────────────────────────┴─────────────── broadcast ───┘                  (RocksDB)            └─ credits ─> tail ~~> Collector
 *                        └ progress, worker reports ──> coordinator
 * </pre>
 */
public final class RenderJob {
  /** Keys of workers are computed for this many key groups; fixed so they stay valid across restores. */
  public static final int MAX_PARALLELISM = 128;
  /**
   * The tracing operator's name; Flink names its task threads after the chain it heads
   * ("trace -> (ray-feedback, merge-samples) (1/2)#0").
   */
  public static final String TRACE = "trace";
  private static final String WORKER_SLOT = "worker";
  private static final String COLLECTOR_SLOT = "collector";
  /** The checkpoint interval of a job that takes checkpoints only when asked (by the REST API, a test). */
  static final Duration CHECKPOINTS_ONLY_ON_REQUEST = Duration.ofDays(365);

  private RenderJob() {}

  /**
   * The Flink settings this job relies on: RocksDB state, aligned checkpoints one at a time (the
   * feedback log needs the barrier to pass head then tail), no Kryo, no checkpoints once the render
   * has finished, records sent as soon as they are emitted. checkpointInterval null: checkpoints only
   * when asked for, still aligned.
   */
  public static Configuration configuration(Duration checkpointInterval, String checkpointDir) {
    Configuration c = new Configuration();
    c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    c.set(PipelineOptions.GENERIC_TYPES, false);
    // Chained operators hand records over without a serializer copy: no operator here touches a record
    // after emitting it (a traced bag leaves for good; the Collector only watches the control stream).
    c.set(PipelineOptions.OBJECT_REUSE, true);
    c.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
    // Every record is already a batch (a bag of rays, a tile's samples): a network buffer is sent as soon
    // as a record is in it. Flink's default keeps a part-filled buffer up to 100 ms, and in a loop whose
    // rays in flight are capped by credits that wait starves the workers: a split scene's small bags
    // of rays hopping between workers, and the samples whose credits let the Collector issue more,
    // sat in buffers (terrain in 43 treelets: trace threads ~50% busy; the job 27% faster with 0).
    c.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ZERO);
    c.set(CheckpointingOptions.ENABLE_UNALIGNED, false);
    c.set(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, 1);
    c.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, false);
    // Always an interval: without one Flink runs every input with at-least-once barriers (no
    // alignment), and a checkpoint asked for by hand then saw records sent after a barrier: after a
    // restore from it, samples were counted twice and rays traced twice. "None" means a year.
    c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL,
        checkpointInterval != null ? checkpointInterval : CHECKPOINTS_ONLY_ON_REQUEST);
    c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    if (checkpointDir != null) {
      c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
      c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }
    return c;
  }

  /** Adds the render's operators to env. */
  public static void build(StreamExecutionEnvironment env, RenderSpec spec) {
    int workers = spec.workers();
    WorkerKeys keys = new WorkerKeys(workers, MAX_PARALLELISM);

    SingleOutputStreamOperator<Allocation> control = env
        .fromSource(new ControlSource(spec.coordinator(), spec.renderId()), WatermarkStrategy.noWatermarks(),
            "control", AllocationUpdate.TYPE)
        .setParallelism(1);
    control.getTransformation().setCoLocationGroupKey(COLLECTOR_SLOT);

    SingleOutputStreamOperator<RayBag> camera = control
        .transform("collector", RayBag.TYPE, new CollectorOperator(spec))
        .setParallelism(1);
    camera.getTransformation().setCoLocationGroupKey(COLLECTOR_SLOT);

    SingleOutputStreamOperator<RayBag> routed = camera.rebalance()
        .connect(control.broadcast())
        .transform("route", RayBag.TYPE, new RouteOperator(keys))
        .setParallelism(workers);
    routed.getTransformation().setCoLocationGroupKey(WORKER_SLOT);

    SingleOutputStreamOperator<RayBag> traced = routed
        .keyBy(RayBag::workerKey, Types.INT)
        .connect(control.broadcast(RouteOperator.ALLOCATION))
        .process(new TraceFunction(spec), RayBag.TYPE)
        .name(TRACE)
        .setParallelism(workers);
    traced.getTransformation().setCoLocationGroupKey(WORKER_SLOT);

    SingleOutputStreamOperator<Void> rayTail = traced
        .transform("ray-feedback", Types.VOID, new FeedbackTail<>(RouteOperator.LOOP, RayBag.TYPE))
        .setParallelism(workers);
    rayTail.getTransformation().setCoLocationGroupKey(WORKER_SLOT);

    // Chained to the tracing operator (forward, same slot): per-bag records merged per tile.
    SingleOutputStreamOperator<TileSamples> samples = traced.getSideOutput(TraceFunction.SAMPLES)
        .transform("merge-samples", TileSamples.TYPE,
            new SampleMerger(spec.tiles(), SampleMerger.FLUSH_BAGS * spec.bagRays()))
        .setParallelism(workers);
    samples.getTransformation().setCoLocationGroupKey(WORKER_SLOT);
    SingleOutputStreamOperator<TileImage> tiles = samples
        .keyBy(TileSamples::tile, Types.INT)
        .transform("aggregate", TileImage.TYPE, new TileAggregator(spec))
        .setParallelism(workers);

    SingleOutputStreamOperator<Void> creditTail = tiles.getSideOutput(TileAggregator.CREDITS)
        .global()
        .transform("credit-feedback", Types.VOID, new FeedbackTail<>(CollectorOperator.LOOP, Credit.TYPE))
        .setParallelism(1);
    creditTail.getTransformation().setCoLocationGroupKey(COLLECTOR_SLOT);

    tiles.global().process(new ImageSink(spec), Types.VOID).name("sink").setParallelism(1);

    DataStream<WorkerReport> reports = traced.getSideOutput(TraceFunction.REPORTS);
    reports.global().process(new CoordinatorReporter<WorkerReport>(spec.coordinator(), "/report/worker"), Types.VOID)
        .name("worker-reports").setParallelism(1);
    DataStream<ProgressReport> progress = camera.getSideOutput(CollectorOperator.PROGRESS);
    progress.process(new CoordinatorReporter<ProgressReport>(spec.coordinator(), "/report/progress"), Types.VOID)
        .name("progress-reports").setParallelism(1);
  }
}
