package dev.treelet.operators.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import dev.treelet.tracer.film.Film;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The merger in Flink's one-input harness: what leaves when, and that it adds up. */
class SampleMergerTest {
  private static final TilePlan PLAN = new TilePlan(16, 8, 8); // tiles 0 and 1, 64 pixels each

  /** One bag's record for tile: every pixel of it one path of radiance (1, 2, 3). */
  private static TileSamples bag(int tile) {
    TileSampleBuffer b = new TileSampleBuffer(PLAN);
    for (int i = 0; i < PLAN.pixelCount(tile); i++) {
      b.pathDone(PLAN.pixel(tile, i), 1, 2, 3, 0);
    }
    return b.drain().get(0);
  }

  private static OneInputStreamOperatorTestHarness<TileSamples, TileSamples> harness(int flushPaths)
      throws Exception {
    var h = new OneInputStreamOperatorTestHarness<>(new SampleMerger(PLAN, flushPaths));
    h.open();
    return h;
  }

  private static List<TileSamples> out(OneInputStreamOperatorTestHarness<TileSamples, TileSamples> h) {
    List<TileSamples> records = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        records.add((TileSamples) r.getValue());
      }
    }
    return records;
  }

  @Test
  void aTileLeavesAtOnceWhenItHasEnoughPathsAsOneRecord() throws Exception {
    try (var h = harness(128)) {
      h.processElement(new StreamRecord<>(bag(0)));
      assertTrue(out(h).isEmpty(), "64 paths: held");
      h.processElement(new StreamRecord<>(bag(0)));
      List<TileSamples> records = out(h);
      assertEquals(1, records.size());
      assertEquals(128, records.get(0).paths());
      for (int i = 0; i < records.get(0).pixels().length; i++) {
        assertEquals(2, records.get(0).counts()[i]);
        assertEquals(2 * Film.toFixed(2), records.get(0).sums()[3 * i + 1], "green of two paths");
      }
    }
  }

  @Test
  void whatIsHeldLeavesWhenTheTimerFires() throws Exception {
    try (var h = harness(1 << 20)) {
      h.setProcessingTime(1000);
      h.processElement(new StreamRecord<>(bag(0)));
      h.processElement(new StreamRecord<>(bag(1)));
      h.setProcessingTime(1000 + SampleMerger.FLUSH_MILLIS - 1);
      assertTrue(out(h).isEmpty());
      h.setProcessingTime(1000 + SampleMerger.FLUSH_MILLIS);
      assertEquals(2, out(h).size(), "one record per tile");
      assertEquals(128, out(h).stream().mapToInt(TileSamples::paths).sum());
    }
  }

  @Test
  void nothingIsHeldAcrossACheckpointBarrier() throws Exception {
    try (var h = harness(1 << 20)) {
      h.processElement(new StreamRecord<>(bag(0)));
      h.prepareSnapshotPreBarrier(1);
      assertEquals(64, out(h).stream().mapToInt(TileSamples::paths).sum(), "flushed before the barrier");
      h.snapshot(1, 0);
      h.setProcessingTime(10_000); // the timer finds nothing more
      assertEquals(1, out(h).size());
    }
  }
}
