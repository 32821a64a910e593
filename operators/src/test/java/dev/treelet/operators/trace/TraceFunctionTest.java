package dev.treelet.operators.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.WorkerReport;
import dev.treelet.operators.RenderSpec;
import dev.treelet.operators.route.RouteOperator;
import dev.treelet.operators.wire.RayBag;
import dev.treelet.operators.wire.TilePlan;
import dev.treelet.tracer.integrator.CameraRays;
import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.render.PreparedScene;
import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.scene.pbrt.PbrtParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracing operator in Flink's keyed-broadcast test harness on the RocksDB backend, as worker 0
 * of two: its pending queue (keyed state, checkpointed) and its barrier acks from stop markers.
 */
class TraceFunctionTest {
  private static final Path SCENES = Path.of(System.getProperty("treelet.repo", ".."), "scenes");
  private static final int KEY = 0; // lands on subtask 0 of 1

  @TempDir
  Path dir;
  private RenderSpec spec;
  private SceneShading shading;
  private int treelets;

  @BeforeEach
  void prepare() throws Exception {
    String text = Files.readString(SCENES.resolve("furnace.pbrt"))
        .replaceAll("\"integer xresolution\" \\[ *\\d+ *\\]", "\"integer xresolution\" [ 8 ]")
        .replaceAll("\"integer yresolution\" \\[ *\\d+ *\\]", "\"integer yresolution\" [ 8 ]");
    PreparedScene p = PreparedScene.prepare(PbrtParser.parseString(text, SCENES, w -> { }), 16 << 10, 1, null);
    PreparedSceneFiles.write(p, dir);
    shading = p.shading(0).withSamplesPerPixel(1);
    treelets = p.treelets().count();
    spec = new RenderSpec("test", dir.toString(), 0, 1, new TilePlan(8, 8, 8), 2, Long.MAX_VALUE, 64, 1 << 16,
        "127.0.0.1:1", dir.resolve("out.pfm").toString(), 1000, 250);
  }

  /** The operator on the RocksDB backend, as the job runs it. */
  private KeyedBroadcastOperatorTestHarness<Integer, RayBag, Allocation, RayBag> harness() throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new TraceFunction(spec), List.of(RouteOperator.ALLOCATION)),
        RayBag::workerKey, Types.INT, 1, 1, 0);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  /** Worker 0 holds every treelet, or none. */
  private Allocation map(long epoch, boolean worker0HoldsAll) {
    int[][] holders = new int[treelets][];
    for (int t = 0; t < treelets; t++) {
      holders[t] = worker0HoldsAll ? new int[] {0, 1} : new int[] {1};
    }
    return new Allocation(epoch, false, 2, holders);
  }

  private RayBag cameraBag(long routedEpoch) {
    RayBatch b = new RayBatch(16);
    CameraRays camera = new CameraRays(shading);
    for (int p = 0; p < 16; p++) {
      camera.generate(p, 0, b);
    }
    return RayBag.of(0, b).routedTo(KEY, routedEpoch, 1, 1);
  }

  private static List<WorkerReport> reports(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
    List<WorkerReport> out = new ArrayList<>();
    if (h.getSideOutput(TraceFunction.REPORTS) != null) {
      for (StreamRecord<WorkerReport> r : h.getSideOutput(TraceFunction.REPORTS)) {
        out.add(r.getValue());
      }
    }
    return out;
  }

  private static WorkerReport last(List<WorkerReport> reports) {
    return reports.get(reports.size() - 1);
  }

  @Test
  void aBagRoutedUnderANewerMapWaitsForItThenIsTracedHereNotSentOn() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processBroadcastElement(map(1, false), 0);
      h.setProcessingTime(1000);
      h.processElement(cameraBag(2), 0);
      assertTrue(h.getOutput().isEmpty(), "held: this worker does not know epoch 2 yet");
      assertEquals(16, last(reports(h)).pendingRays());
      h.processBroadcastElement(map(2, true), 0);
      WorkerReport r = last(reports(h));
      assertEquals(2, r.epoch());
      assertEquals(0, r.pendingRays());
      assertEquals(0, r.misrouted(), "traced here, not sent on");
      assertTrue(r.raysTraced() >= 16, r.toString());
      assertTrue(r.waitingRayMillis()[0] >= 16 * 999, "each ray waited from its routing at 1 ms until 1000 ms");
    }
  }

  @Test
  void thePendingQueueIsPartOfTheCheckpoint() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.processBroadcastElement(map(1, false), 0);
      h.processElement(cameraBag(2), 0);
      snapshot = h.snapshot(1, 0);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      h.processBroadcastElement(map(2, true), 0);
      WorkerReport r = last(reports(h));
      assertEquals(0, r.misrouted());
      assertTrue(r.raysTraced() >= 16, "the restored bag was traced: " + r);
    }
  }

  @Test
  void theDrainedAckRisesOnlyWhenEveryRouterHasMarkedTheStop() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processBroadcastElement(map(3, true), 0);
      int before = reports(h).size();
      h.processElement(RayBag.stopMarker(KEY, 4, 0), 0);
      assertEquals(before, reports(h).size(), "router 1's marker is still on its way");
      h.processElement(RayBag.stopMarker(KEY, 4, 1), 0);
      assertEquals(4, last(reports(h)).drainedEpoch());
      h.processElement(RayBag.stopMarker(KEY, 6, 1), 0);
      assertEquals(4, last(reports(h)).drainedEpoch());
      h.processElement(RayBag.stopMarker(KEY, 6, 0), 0);
      assertEquals(6, last(reports(h)).drainedEpoch());
      assertTrue(h.getOutput().isEmpty(), "markers are not traced or sent on");
      assertFalse(reports(h).isEmpty());
    }
  }
}
