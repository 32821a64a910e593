package dev.treelet.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.treelet.coordinator.allocation.Load;
import dev.treelet.coordinator.protocol.WorkerReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadMeterTest {
  private static final int[] T01 = {0, 1};

  @Test
  void loadIsTheDifferenceBetweenReportsOverTheWorkersOwnSpan() {
    LoadMeter m = new LoadMeter(3, 2, 1000);
    assertNull(m.sample(0, List.of(Reports.load(0, 1, 10_000, 0, 0, T01, new long[] {0, 0}),
        Reports.load(1, 1, 20_000, 0, 0, T01, new long[] {0, 0}))), "the first sample is the baseline");
    assertNull(m.sample(500, List.of()), "less than a period later");
    // Worker 0: 2 s span, busy 1.5 s (in treelet 0), 3000 rays traced; 40k ray-ms waited for treelet 1 = 20 rays
    // on average. Worker 1: 1 s span, busy 0.5 s (treelet 0), 1000 rays; 10k ray-ms for treelet 0 = 10 rays.
    // 4000 rays in 2 busy seconds: 2000 rays a 1 s period. Tracing in treelet 0 took 3/4 of worker 0's span and
    // half of worker 1's: 1500 + 1000 rays' worth of work.
    Load load = m.sample(1000, List.of(
        Reports.load(0, 2, 12_000, 1_500_000_000L, 3000, T01, new long[] {0, 40_000}),
        Reports.load(1, 2, 21_000, 500_000_000L, 1000, T01, new long[] {10_000, 0})));
    assertArrayEquals(new double[] {10 + 1500 + 1000, 20, 0}, load.waiting(), 1e-9);
    assertArrayEquals(new double[] {1500 + 20, 10 + 1000}, load.share(), 1e-9, "what each worker had");
    assertArrayEquals(new double[] {0.75, 0.5}, load.busy(), 1e-9);
    assertEquals(2000, load.raysPerPeriod(), 1e-6, "4000 rays in 2 busy seconds, a 1 s period");
  }

  @Test
  void aRepeatedOrRestartedReportCountsNothingTwice() {
    LoadMeter m = new LoadMeter(2, 1, 1000);
    m.sample(0, List.of(Reports.load(0, 1, 1000, 0, 0, T01, new long[] {0, 0})));
    Load first = m.sample(1000, List.of(Reports.load(0, 2, 2000, 500_000_000L, 100, T01, new long[] {0, 5000})));
    assertArrayEquals(new double[] {100, 5}, first.waiting(), 1e-9, "100 rays a 0.5 busy s: tracing is 100 rays");
    assertNull(m.sample(2000, List.of(Reports.load(0, 2, 2000, 500_000_000L, 100, T01, new long[] {0, 5000}))),
        "the same report again: no tracing seen, no load");
    WorkerReport restarted = new WorkerReport(0, 1, 1, T01, new long[2], new long[2], new long[] {0, 9}, 7, 0, 0, 0, 0, 0, 0,
        1000, 2500, 1, -1);
    assertNull(m.sample(3000, List.of(restarted)), "a new attempt is a new baseline, not a negative delta");
  }
}
