package dev.treelet.operators.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.operators.RenderSpec;
import dev.treelet.operators.wire.Credit;
import dev.treelet.operators.wire.TileImage;
import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The aggregator in Flink's keyed test harness on the RocksDB backend: tiles merged in heap must be
 * in the checkpoint taken while they are still open.
 */
class TileAggregatorTest {
  private static final TilePlan PLAN = new TilePlan(3, 2, 2); // tile 0: pixels 0, 1, 3, 4; tile 1: 2, 5
  private static final int SPP = 2;
  private static final RenderSpec SPEC = new RenderSpec("test", "unused", 0, SPP, PLAN, 2, Long.MAX_VALUE, 64,
      1 << 16, "127.0.0.1:1", "unused.pfm", 1000, 250);

  private static KeyedOneInputStreamOperatorTestHarness<Integer, TileSamples, TileImage> harness() throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(new TileAggregator(SPEC), TileSamples::tile, Types.INT);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  /** Tile 1 in two halves: pixel 2 then pixel 5, two samples each; radiance sums 1..6 and 10..60. */
  private static final TileSamples FIRST = new TileSamples(1, 2, 0, 0, new int[] {2}, new int[] {2}, new long[] {1, 2, 3});
  private static final TileSamples SECOND =
      new TileSamples(1, 2, 0, 0, new int[] {5}, new int[] {2}, new long[] {10, 20, 30});

  private static List<TileImage> images(KeyedOneInputStreamOperatorTestHarness<Integer, TileSamples, TileImage> h) {
    return h.extractOutputValues();
  }

  private static List<Credit> credits(KeyedOneInputStreamOperatorTestHarness<Integer, TileSamples, TileImage> h) {
    return h.getSideOutput(TileAggregator.CREDITS).stream().map(StreamRecord::getValue).collect(Collectors.toList());
  }

  @Test
  void aTileGoesOutOnceCompleteAndEveryRecordReturnsItsPaths() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(FIRST, 0);
      assertEquals(0, images(h).size(), "half a tile is not an image");
      h.processElement(SECOND, 0);
      assertEquals(1, images(h).size());
      TileImage done = images(h).get(0);
      assertTrue(done.complete());
      assertArrayEquals(new int[] {2, 2}, done.counts());
      assertArrayEquals(new long[] {1, 2, 3, 10, 20, 30}, done.sums());
      assertEquals(List.of(new Credit(1, 2, false), new Credit(1, 2, true)), credits(h));
    }
  }

  @Test
  void shadowRaysAloneReturnNoCreditUnlessTheyCompleteTheTile() throws Exception {
    try (var h = harness()) {
      h.open();
      // Both paths of pixel 2 finish, each having spawned a shadow ray still in flight.
      h.processElement(new TileSamples(1, 2, 2, 0, new int[] {2}, new int[] {2}, new long[] {1, 2, 3}), 0);
      h.processElement(new TileSamples(1, 0, 0, 1, new int[] {2}, new int[] {0}, new long[] {1, 0, 0}), 0);
      h.processElement(SECOND, 0);
      h.processElement(new TileSamples(1, 0, 0, 1, new int[] {5}, new int[] {0}, new long[] {1, 0, 0}), 0);
      assertEquals(List.of(new Credit(1, 2, false), new Credit(1, 2, false), new Credit(1, 0, true)), credits(h),
          "the first lone shadow ray frees nothing; the last completes the tile");
      assertEquals(1, images(h).size());
      assertArrayEquals(new long[] {2, 2, 3, 11, 20, 30}, images(h).get(0).sums());
    }
  }

  @Test
  void aCheckpointTakenWhileATileIsOpenHoldsWhatCameBeforeIt() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.processElement(FIRST, 0);
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 0);
      h.processElement(new TileSamples(1, 0, 0, 0, new int[] {2}, new int[] {0}, new long[] {100, 0, 0}), 0);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(SECOND, 0);
      assertEquals(1, images(restored).size(), "the first half came back from the checkpoint");
      assertArrayEquals(new long[] {1, 2, 3, 10, 20, 30}, images(restored).get(0).sums(),
          "what came after the checkpoint is not in it");
    }
  }
}
