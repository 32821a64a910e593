package dev.treelet.operators.trace;

import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Chained behind a worker's tracing operator: merges its sample records (one per tile per bag) per
 * tile, so the aggregator and the credit loop get a hand-off between threads per few bags instead of
 * per bag. A tile's merged record leaves once it has flushPaths finished paths, at the latest
 * {@link #FLUSH_MILLIS} after its first sample arrived, and always before a checkpoint barrier
 * (prepareSnapshotPreBarrier): nothing is held across a barrier, so there is no state to restore.
 *
 * <p>Why before the barrier and not in state: flushed before the barrier, the samples are simply in
 * the aggregator's part of the checkpoint, and nothing here needs restoring. (A first version held
 * them in the tracing operator's checkpointed state and counted some twice after a restore; the cause
 * was Flink's at-least-once barriers in jobs without a checkpoint interval, see RenderJob.configuration,
 * not the holding. This version is kept as the simpler one.)
 */
public final class SampleMerger extends AbstractStreamOperator<TileSamples>
    implements OneInputStreamOperator<TileSamples, TileSamples> {
  private static final long serialVersionUID = 1L;
  /** Camera bags' worth of paths after which a tile's record leaves at once. */
  public static final int FLUSH_BAGS = 4;
  static final long FLUSH_MILLIS = 10;

  private final TilePlan plan;
  private final int flushPaths;
  private transient TileSampleBuffer merged;
  private transient boolean flushPending;

  public SampleMerger(TilePlan plan, int flushPaths) {
    this.plan = plan;
    this.flushPaths = flushPaths;
  }

  @Override
  public void open() throws Exception {
    super.open();
    merged = new TileSampleBuffer(plan);
  }

  @Override
  public void processElement(StreamRecord<TileSamples> element) {
    merged.add(element.getValue());
    for (TileSamples s : merged.drainTilesWith(flushPaths)) {
      output.collect(new StreamRecord<>(s));
    }
    if (!flushPending && !merged.isEmpty()) {
      flushPending = true;
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + FLUSH_MILLIS, time -> {
        flushPending = false;
        flush();
      });
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void flush() {
    for (TileSamples s : merged.drain()) {
      output.collect(new StreamRecord<>(s));
    }
  }
}
