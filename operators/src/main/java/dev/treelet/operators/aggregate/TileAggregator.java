package dev.treelet.operators.aggregate;

import dev.treelet.operators.RenderSpec;
import dev.treelet.operators.wire.Credit;
import dev.treelet.operators.wire.TileImage;
import dev.treelet.operators.wire.TileSamples;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The aggregator, keyed by tile, its state in RocksDB: exact fixed-point sums and sample counts per
 * pixel. Every record returns its finished paths to the Collector as credits; a tile that becomes
 * complete goes to the sink, and the Collector hears of it.
 *
 * <p>Tiles still receiving samples are merged in heap and written to RocksDB just before each
 * checkpoint barrier leaves (and when they complete), as Flink's mini-batch operators do: a checkpoint
 * holds every record that came before its barrier, and no record costs a RocksDB read and write of
 * its whole tile (with the tile's (de)serialisation, ~8% of the job's CPU on a split scene). A bounded
 * number of tiles is open at a time: the Collector keeps paths in flight / bag size tiles in progress
 * (64 by default, see CameraSchedule), plus the last stragglers of tiles it has moved on from.
 */
public final class TileAggregator extends AbstractStreamOperator<TileImage>
    implements OneInputStreamOperator<TileSamples, TileImage> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<Credit> CREDITS = new OutputTag<>("credits", Credit.TYPE);

  private final RenderSpec spec;
  private transient ValueState<TileImage> stored;
  private transient TileLedger ledger;
  /** Tiles still receiving samples, by tile; the ledger updates their arrays in place. */
  private transient Map<Integer, TileImage> open;

  public TileAggregator(RenderSpec spec) {
    this.spec = spec;
  }

  @Override
  public void open() throws Exception {
    super.open();
    stored = getRuntimeContext().getState(new ValueStateDescriptor<>("tile", TileImage.TYPE));
    ledger = new TileLedger(spec.tiles(), spec.spp());
    open = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<TileSamples> element) throws Exception {
    TileSamples s = element.getValue();
    TileImage current = open.get(s.tile());
    if (current == null) {
      TileImage written = stored.value();
      current = written == null ? ledger.empty(s.tile()) : written.copy();
    }
    TileImage next = ledger.add(current, s);
    if (next.complete()) {
      open.remove(s.tile());
      stored.update(next);
      output.collect(new StreamRecord<>(next));
    } else {
      open.put(s.tile(), next);
    }
    // A record of shadow rays only (their paths finished elsewhere) frees no credit: the Collector
    // hears only of paths done and tiles complete. Such records were a fifth of a split render's.
    if (s.paths() > 0 || next.complete()) {
      output.collect(CREDITS, new StreamRecord<>(new Credit(s.tile(), s.paths(), next.complete())));
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    writeOpenTiles();
  }

  @Override
  public void finish() throws Exception {
    writeOpenTiles();
    super.finish();
  }

  /**
   * Open tiles stay open and are merged into in place, so the state gets copies: RocksDB serialises
   * what it is given anyway, but a heap backend would keep the very object and see later merges.
   */
  private void writeOpenTiles() throws Exception {
    for (Map.Entry<Integer, TileImage> e : open.entrySet()) {
      setCurrentKey(e.getKey());
      stored.update(e.getValue().copy());
    }
  }
}
