package dev.treelet.tracer.render;

import dev.treelet.tracer.film.Film;
import dev.treelet.tracer.integrator.CameraRays;
import dev.treelet.tracer.integrator.TraceOutput;
import dev.treelet.tracer.integrator.TraceStep;
import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.ray.RayBatchPool;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.treelet.TreeletCache;
import dev.treelet.tracer.treelet.TreeletStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The single-process renderer: the same treelet steps the distributed job runs, on a pool of
 * threads sharing one set of per-treelet ray queues. A thread takes the fullest queue and traces it
 * through that treelet; rays that leave join the queue of the treelet they need next. Camera rays
 * are admitted only while few rays are queued, which bounds memory (the same credit idea as the
 * job's Collector). Treelets come from a {@link TreeletCache}, bounded to imitate a worker's budget.
 *
 * <p>The image does not depend on thread count or scheduling: sampling is a pure function of (seed,
 * pixel, sample, dimension) and the film's sums are exact.
 */
public final class LocalRenderer {
  /** Its tracing threads are named this plus their index (benchmarks find them by it). */
  public static final String THREAD_NAME = "trace-";
  /** threads tracing; cacheBytes bounds resident treelets (Long.MAX_VALUE: all); rays per batch. */
  public record Options(int threads, long cacheBytes, int batchSize) {
    public static Options of(int threads) {
      return new Options(threads, Long.MAX_VALUE, 1024);
    }
  }

  /** What a render produced and what it cost. */
  public record Result(Film film, double seconds, long rays, long treeletVisits, long peakResidentBytes,
      long treeletLoads) {}

  private final SceneShading scene;
  private final TreeletCache cache;
  private final Options options;
  private final RenderCounters counters;
  private final long totalSamples;
  private final long maxQueued;
  private final Object lock = new Object();
  private final List<ArrayDeque<RayBatch>> queues = new ArrayList<>();
  private final long[] queued;
  /** Treelets whose queue is not empty: picking one looks at these only. Guarded by lock. */
  private final ActiveTreelets waiting;
  /** Batches cross threads through the queues: one pool for all, room for twice the queued rays. */
  private final RayBatchPool spare;
  private long totalQueued;
  private long nextCamera;
  private int active;
  private boolean failed;

  public LocalRenderer(SceneShading scene, TreeletStore store, Options options, RenderCounters counters) {
    this.scene = scene;
    this.cache = new TreeletCache(store, options.cacheBytes());
    this.options = options;
    this.counters = counters;
    this.totalSamples = (long) scene.pixelCount() * scene.samplesPerPixel();
    this.maxQueued = Math.max(65536, 4L * options.batchSize() * options.threads());
    this.queued = new long[store.count()];
    this.waiting = new ActiveTreelets(store.count());
    this.spare = new RayBatchPool(2 * maxQueued * RayBatch.RECORD * Integer.BYTES);
    for (int i = 0; i < store.count(); i++) {
      queues.add(new ArrayDeque<>());
    }
  }

  public static RenderCounters countersFor(SceneShading scene) {
    return new RenderCounters((long) scene.pixelCount() * scene.samplesPerPixel());
  }

  public Result render() throws InterruptedException {
    long start = System.nanoTime();
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < options.threads(); i++) {
      Worker w = new Worker();
      workers.add(w);
      Thread t = new Thread(w, THREAD_NAME + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Film film = new Film(scene.width(), scene.height());
    long rays = 0;
    long visits = 0;
    for (Worker w : workers) {
      if (w.failure != null) {
        throw new IllegalStateException("a tracing thread failed: " + w.failure, w.failure);
      }
      film.merge(w.film);
      rays += w.cameraRays + w.step.spawnedRays();
      visits += w.step.treeletVisits();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(film, seconds, rays, visits, cache.peakBytes(), cache.loads());
  }

  /** A unit of work: camera samples [from, to) or queued batches for one treelet. */
  private record Work(long from, long to, int treelet, List<RayBatch> batches) {}

  private Work take() throws InterruptedException {
    synchronized (lock) {
      while (true) {
        if (failed) {
          return null;
        }
        int best = pickQueue();
        if (best >= 0) {
          // Take the treelet's whole queue: once a treelet is loaded, trace all that waits for it.
          List<RayBatch> batches = new ArrayList<>(queues.get(best));
          queues.get(best).clear();
          totalQueued -= queued[best];
          queued[best] = 0;
          waiting.remove(best);
          active++;
          return new Work(0, 0, best, batches);
        }
        if (nextCamera < totalSamples && totalQueued < maxQueued) {
          long from = nextCamera;
          nextCamera = Math.min(totalSamples, from + options.batchSize());
          active++;
          return new Work(from, nextCamera, 0, null);
        }
        if (nextCamera >= totalSamples && active == 0) {
          lock.notifyAll();
          return null;
        }
        lock.wait();
      }
    }
  }

  /**
   * The fullest queue of a resident treelet, so a bounded cache is not thrashed; a treelet that must
   * be loaded first only when nothing resident has work, or when its queue is far fuller (a load is
   * worth it for many rays).
   */
  private int pickQueue() {
    int resident = -1;
    int any = -1;
    for (int k = 0; k < waiting.size(); k++) {
      int i = waiting.get(k);
      if (fuller(i, any)) {
        any = i;
      }
      if (fuller(i, resident) && cache.isResident(i)) {
        resident = i;
      }
    }
    if (resident >= 0 && queued[any] <= 8 * queued[resident]) {
      return resident;
    }
    return any;
  }

  /** Whether treelet i's queue is fuller than j's (the lower id on ties; any queue beats j = -1). */
  private boolean fuller(int i, int j) {
    return j < 0 || queued[i] > queued[j] || (queued[i] == queued[j] && i < j);
  }

  /** Queues batch for treelet t (an empty one goes back to the pool). Callers hold the lock. */
  private void enqueue(int t, RayBatch batch) {
    if (batch.isEmpty()) {
      spare.give(batch);
      return;
    }
    queues.get(t).add(batch);
    queued[t] += batch.size();
    waiting.add(t);
    totalQueued += batch.size();
  }

  private final class Worker implements Runnable, TraceOutput {
    final TraceStep step = new TraceStep(scene);
    final CameraRays camera = new CameraRays(scene);
    final Film film = new Film(scene.width(), scene.height());
    final RayBatch[] out = new RayBatch[queued.length];
    final List<Integer> touched = new ArrayList<>();
    long cameraRays;
    long reportedRays;
    long samplesDone; // counted here, added to the shared counter per work item (not contended per path)
    Throwable failure;

    @Override
    public void run() {
      try {
        Work w;
        while ((w = take()) != null) {
          if (w.batches == null) {
            RayBatch b = spare.take((int) (w.to - w.from));
            int spp = scene.samplesPerPixel();
            for (long i = w.from; i < w.to; i++) {
              camera.generate((int) (i / spp), (int) (i % spp), b);
            }
            cameraRays += b.size();
            counters.rays.addAndGet(b.size());
            step.trace(b, cache.get(0), this);
            spare.give(b);
          } else {
            for (RayBatch b : w.batches) {
              step.trace(b, cache.get(w.treelet), this);
              spare.give(b);
            }
          }
          finish();
        }
      } catch (Throwable t) {
        failure = t;
        synchronized (lock) {
          failed = true; // the other threads stop instead of waiting for work that cannot finish
          lock.notifyAll();
        }
      }
    }

    private void finish() {
      synchronized (lock) {
        for (int t : touched) {
          enqueue(t, out[t]);
          out[t] = null;
        }
        active--;
        lock.notifyAll();
      }
      touched.clear();
      counters.samples.addAndGet(samplesDone);
      samplesDone = 0;
      long spawned = step.spawnedRays();
      counters.rays.addAndGet(spawned - reportedRays);
      reportedRays = spawned;
    }

    /**
     * Rays leaving for treelet t join its out batch; a full batch is queued at once. Capped batches
     * keep every batch the size the pool recycles: uncapped, tracing a long queue grew out batches to
     * megabytes (arrays copied at each doubling, and G1 puts arrays that big straight into the old
     * generation).
     */
    @Override
    public void forward(RayBatch batch, int r) {
      int t = batch.nextTreelet(r);
      if (out[t] == null) {
        out[t] = spare.take();
        touched.add(t);
      }
      out[t].addCopy(batch, r);
      if (out[t].size() >= options.batchSize()) {
        synchronized (lock) {
          enqueue(t, out[t]);
          lock.notifyAll();
        }
        out[t] = spare.take();
      }
    }

    @Override
    public void pathDone(int pixel, int sampleIndex, float r, float g, float b, int shadowRays) {
      film.add(pixel, r, g, b, 1);
      samplesDone++;
    }

    @Override
    public void shadowDone(int pixel, int sampleIndex, float r, float g, float b) {
      film.add(pixel, r, g, b, 0);
    }
  }
}
