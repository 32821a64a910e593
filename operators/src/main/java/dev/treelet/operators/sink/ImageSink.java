package dev.treelet.operators.sink;

import dev.treelet.operators.RenderSpec;
import dev.treelet.operators.wire.TileImage;
import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.film.ImageFiles;
import java.nio.file.Path;
import org.apache.flink.api.common.accumulators.IntMaximum;
import org.apache.flink.api.common.accumulators.IntMinimum;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The sink (parallelism 1): places complete tiles, rewrites the image now and then while tiles
 * arrive (a progressive snapshot), and writes it once when whole. The summary's counts are taken
 * from these tiles, which are the aggregator's state, and handed to the client as accumulators.
 */
public final class ImageSink extends ProcessFunction<TileImage, Void> implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LogManager.getLogger(ImageSink.class);

  private final RenderSpec spec;
  private transient ImageAssembly image;
  private transient ListState<TileImage> state;
  private transient long lastSnapshot;

  public ImageSink(RenderSpec spec) {
    this.spec = spec;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    image = new ImageAssembly(spec.tiles());
    state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("tiles", TileImage.TYPE));
    for (TileImage t : state.get()) {
      image.add(t);
    }
    lastSnapshot = System.currentTimeMillis();
  }

  @Override
  public void processElement(TileImage tile, Context ctx, Collector<Void> out) throws Exception {
    image.add(tile);
    long now = System.currentTimeMillis();
    if (image.whole()) {
      write();
      publishSummary();
    } else if (spec.snapshotMillis() > 0 && now - lastSnapshot >= spec.snapshotMillis()) {
      lastSnapshot = now;
      write();
    }
  }

  private void write() throws Exception {
    ImageFiles.write(Path.of(spec.output()), image.film());
    LOG.info("wrote {} ({} of {} tiles)", spec.output(), image.tilesReceived(), spec.tiles().tileCount());
  }

  private void publishSummary() {
    Film f = image.film();
    LongCounter samples = getRuntimeContext().getLongCounter("samples");
    samples.add(f.totalSamples());
    getRuntimeContext().getLongCounter("pixels").add(f.pixelCount());
    IntMinimum min = new IntMinimum();
    min.add(f.minSamples());
    getRuntimeContext().addAccumulator("min_spp", min);
    IntMaximum max = new IntMaximum();
    max.add(f.maxSamples());
    getRuntimeContext().addAccumulator("max_spp", max);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    state.update(image.tiles());
  }
}
