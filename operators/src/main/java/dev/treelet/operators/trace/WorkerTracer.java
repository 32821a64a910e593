package dev.treelet.operators.trace;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.WorkerReport;
import dev.treelet.operators.wire.RayBag;
import dev.treelet.operators.wire.TilePlan;
import dev.treelet.operators.wire.TileSamples;
import dev.treelet.tracer.integrator.CameraRays;
import dev.treelet.tracer.integrator.TraceOutput;
import dev.treelet.tracer.integrator.TraceStep;
import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.ray.RayBatchPool;
import dev.treelet.tracer.render.ActiveTreelets;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.treelet.Treelet;
import dev.treelet.tracer.treelet.TreeletStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One tracing worker, without Flink: holds the treelets its allocation names (loading and dropping
 * them as it changes, never beyond its budget) and traces a bag through every treelet it holds until
 * each ray either finishes or needs a treelet held elsewhere.
 *
 * <p>Two of seed 000's three queues live here, for the length of one {@link #trace} call: the ray
 * queue ({@code local}: rays for treelets held here, traced fullest first) and the out queue
 * ({@code outgoing}: rays for treelets held elsewhere, which leave as one bag per treelet when the
 * call ends). The third, the pending queue, is the operator's keyed state (bags routed under an
 * allocation this worker has not applied yet). A bag for a treelet this worker does not hold is sent
 * on untouched, never dropped.
 */
final class WorkerTracer implements TraceOutput {
  private static final Logger LOG = LogManager.getLogger(WorkerTracer.class);

  private final int worker;
  private final long budget;
  private final String sharedAs;
  private final TreeletStore store;
  private final TraceStep step;
  private final CameraRays camera;
  private final TilePlan plan;
  private final TileSampleBuffer samples;
  private final Treelet[] resident;
  private final RayBatch[] local;
  private final RayBatch[] outgoing;
  private final long[] raysByTreelet;
  private final long[] waitingRayMillis;
  private final long[] busyNanosByTreelet;
  private final List<RayBag> leaving = new ArrayList<>();
  /** Treelets with a local / outgoing batch: a trace step looks at these, not at every treelet. */
  private final ActiveTreelets withLocalRays;
  private final ActiveTreelets withOutgoingRays;
  /**
   * Emptied local and outgoing batches (outgoing ones are encoded into their bag, then free). A kept
   * batch may have grown to a whole bag (~0.3 MB for 1024 rays); a trace call through a split scene
   * empties dozens of small ones (20 KB each at least). 32 MB bounds what a worker holds on to.
   */
  private final RayBatchPool spare = new RayBatchPool(32L << 20);
  private long residentBytes;
  private long peakResidentBytes;
  private long raysTraced;
  private long raysSentOn;
  private long misrouted;
  private long busyNanos;
  private long epoch = -1;

  /**
   * sharedAs: the render's id, to share loaded treelets with the other workers of that render in this
   * JVM ({@link CoLocatedTreelets}); null to load privately.
   */
  WorkerTracer(SceneShading shading, TreeletStore store, TilePlan plan, int worker, long budget, String sharedAs) {
    this.sharedAs = sharedAs;
    this.worker = worker;
    this.budget = budget;
    this.store = store;
    this.step = new TraceStep(shading);
    this.camera = new CameraRays(shading);
    this.plan = plan;
    this.samples = new TileSampleBuffer(plan);
    int n = store.count();
    this.resident = new Treelet[n];
    this.local = new RayBatch[n];
    this.outgoing = new RayBatch[n];
    this.raysByTreelet = new long[n];
    this.waitingRayMillis = new long[n];
    this.busyNanosByTreelet = new long[n];
    this.withLocalRays = new ActiveTreelets(n);
    this.withOutgoingRays = new ActiveTreelets(n);
  }

  /** Loads what a newer allocation gives this worker and drops what it takes away. */
  void apply(Allocation a) {
    if (a.epoch() <= epoch) {
      return;
    }
    if (a.treeletCount() != resident.length) {
      throw new IllegalArgumentException("allocation epoch " + a.epoch() + " covers " + a.treeletCount()
          + " treelets but the scene has " + resident.length);
    }
    epoch = a.epoch();
    for (int t = 0; t < resident.length; t++) {
      if (resident[t] != null && !a.holds(worker, t)) {
        drop(t);
      }
    }
    for (int t = 0; t < resident.length; t++) {
      if (resident[t] == null && a.holds(worker, t)) {
        long size = store.byteSize(t);
        if (residentBytes + size > budget) {
          LOG.error("worker {}: epoch {} gives it treelet {} ({} bytes) but only {} of its {} bytes are free; "
              + "not loading it (rays for it are sent on)", worker, epoch, t, size, budget - residentBytes, budget);
          continue;
        }
        resident[t] = sharedAs != null ? CoLocatedTreelets.acquire(sharedAs, t, store) : store.load(t);
        residentBytes += size;
        peakResidentBytes = Math.max(peakResidentBytes, residentBytes);
      }
    }
  }

  private void drop(int t) {
    residentBytes -= store.byteSize(t);
    resident[t] = null;
    if (sharedAs != null) {
      CoLocatedTreelets.release(sharedAs, t);
    }
  }

  /** Drops every treelet held (the worker is going away). */
  void close() {
    for (int t = 0; t < resident.length; t++) {
      if (resident[t] != null) {
        drop(t);
      }
    }
  }

  boolean holds(int treelet) {
    return treelet >= 0 && treelet < resident.length && resident[treelet] != null;
  }

  /**
   * Traces bag as far as this worker's treelets allow; emits leaving bags and finished samples.
   * nowMillis: the wall clock, for how long the bag waited since its router sent it.
   */
  void trace(RayBag bag, long nowMillis, Consumer<RayBag> out, Consumer<TileSamples> finished) {
    int first = bag.entryTreelet();
    if (first >= 0 && first < waitingRayMillis.length && bag.sentMillis() > 0) {
      waitingRayMillis[first] += bag.size() * Math.max(0, nowMillis - bag.sentMillis());
    }
    if (!holds(first)) {
      misrouted += bag.size();
      out.accept(bag.unrouted());
      return;
    }
    long start = System.nanoTime();
    RayBatch arrived = spare.take(bag.size());
    if (bag.isCamera()) {
      bag.makeCameraRays(plan, camera, arrived);
    } else {
      bag.decodeInto(arrived);
    }
    local[first] = arrived;
    withLocalRays.add(first);
    int t;
    while ((t = fullestLocal()) >= 0) {
      RayBatch batch = local[t];
      local[t] = null;
      withLocalRays.remove(t);
      raysTraced += batch.size();
      raysByTreelet[t] += batch.size();
      long began = System.nanoTime();
      step.trace(batch, resident[t], this);
      busyNanosByTreelet[t] += System.nanoTime() - began;
      spare.give(batch);
    }
    for (int k = 0; k < withOutgoingRays.size(); k++) {
      int u = withOutgoingRays.get(k);
      raysSentOn += outgoing[u].size();
      leaving.add(RayBag.of(u, outgoing[u])); // encoded: the batch can be reused at once
      spare.give(outgoing[u]);
      outgoing[u] = null;
    }
    withOutgoingRays.clear();
    // Sent together once all are encoded: the first wakes the router (a futex wake, 2.8% of this
    // thread's samples when each bag woke it); the rest reach it before it has drained and parked again.
    for (RayBag b : leaving) {
      out.accept(b);
    }
    leaving.clear();
    busyNanos += System.nanoTime() - start;
    for (TileSamples s : samples.drain()) {
      finished.accept(s);
    }
  }

  /** The treelet with the most local rays (the lower id on ties), or -1. */
  private int fullestLocal() {
    int best = -1;
    for (int k = 0; k < withLocalRays.size(); k++) {
      int t = withLocalRays.get(k);
      if (best < 0 || local[t].size() > local[best].size() || (local[t].size() == local[best].size() && t < best)) {
        best = t;
      }
    }
    return best;
  }

  @Override
  public void forward(RayBatch batch, int r) {
    int t = batch.nextTreelet(r);
    RayBatch[] queue = holds(t) ? local : outgoing;
    if (queue[t] == null) {
      queue[t] = spare.take();
      (queue == local ? withLocalRays : withOutgoingRays).add(t);
    }
    queue[t].addCopy(batch, r);
  }

  @Override
  public void pathDone(int pixel, int sampleIndex, float r, float g, float b, int shadowRays) {
    samples.pathDone(pixel, r, g, b, shadowRays);
  }

  @Override
  public void shadowDone(int pixel, int sampleIndex, float r, float g, float b) {
    samples.shadowDone(pixel, r, g, b);
  }

  long epoch() {
    return epoch;
  }

  long residentBytes() {
    return residentBytes;
  }

  long peakResidentBytes() {
    return peakResidentBytes;
  }

  long raysTraced() {
    return raysTraced;
  }

  long raysSentOn() {
    return raysSentOn;
  }

  long misrouted() {
    return misrouted;
  }

  long spawnedRays() {
    return step.spawnedRays();
  }

  long droppedContributions() {
    return samples.dropped();
  }

  /** This worker's cumulative counters as a report to the coordinator. */
  WorkerReport report(int attempt, long sequence, long pendingRays, long drainedEpoch, long nowMillis) {
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < raysByTreelet.length; t++) {
      if (raysByTreelet[t] > 0 || waitingRayMillis[t] > 0) {
        ids.add(t);
      }
    }
    int[] treelets = new int[ids.size()];
    long[] traced = new long[ids.size()];
    long[] busy = new long[ids.size()];
    long[] waited = new long[ids.size()];
    for (int i = 0; i < treelets.length; i++) {
      treelets[i] = ids.get(i);
      traced[i] = raysByTreelet[treelets[i]];
      busy[i] = busyNanosByTreelet[treelets[i]];
      waited[i] = waitingRayMillis[treelets[i]];
    }
    return new WorkerReport(worker, attempt, sequence, treelets, traced, busy, waited, raysTraced, raysSentOn, misrouted,
        pendingRays, residentBytes, peakResidentBytes, budget, busyNanos, nowMillis, epoch, drainedEpoch);
  }
}
