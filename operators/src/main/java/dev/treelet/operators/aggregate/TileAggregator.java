package dev.treelet.operators.aggregate;

import dev.treelet.operators.RenderSpec;
import dev.treelet.operators.wire.Credit;
import dev.treelet.operators.wire.TileImage;
import dev.treelet.operators.wire.TileSamples;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The aggregator, keyed by tile, its state in RocksDB: exact fixed-point sums and sample counts per
 * pixel. Every record returns its finished paths to the Collector as credits; a tile that becomes
 * complete goes to the sink, and the Collector hears of it.
 */
public final class TileAggregator extends KeyedProcessFunction<Integer, TileSamples, TileImage> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<Credit> CREDITS = new OutputTag<>("credits", Credit.TYPE);

  private final RenderSpec spec;
  private transient ValueState<TileImage> tile;
  private transient TileLedger ledger;

  public TileAggregator(RenderSpec spec) {
    this.spec = spec;
  }

  @Override
  public void open(OpenContext openContext) {
    tile = getRuntimeContext().getState(new ValueStateDescriptor<>("tile", TileImage.TYPE));
    ledger = new TileLedger(spec.tiles(), spec.spp());
  }

  @Override
  public void processElement(TileSamples s, Context ctx, Collector<TileImage> out) throws Exception {
    TileImage current = tile.value();
    TileImage next = ledger.add(current == null ? ledger.empty(s.tile()) : current, s);
    tile.update(next);
    if (next.complete()) {
      out.collect(next);
    }
    ctx.output(CREDITS, new Credit(s.tile(), s.paths(), next.complete()));
  }
}
