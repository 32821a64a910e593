package dev.treelet.tracer.integrator;

import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.treelet.Traversal;
import dev.treelet.tracer.treelet.Treelet;

/**
 * The whole contract between the kernel and whatever moves rays around (a local loop or the Flink
 * job): {@link #trace} advances every ray of a batch as far as one treelet allows.
 *
 * <p>Each ray either leaves for another treelet ({@link TraceOutput#forward}) or finishes its
 * traversal here. A finished shadow ray reports its light if nothing blocked it; a finished path ray
 * is shaded, which may end the path (a sample) and may spawn a shadow ray and a bounce ray. Spawned
 * rays start at the root treelet, so when this is the root treelet they are traced here, in the same
 * call, until they too must leave. One instance per thread.
 */
public final class TraceStep {
  private final PathShader shader;
  private final Traversal traversal = new Traversal();
  private final RayBatch work = new RayBatch(256);
  private final RayBatch spawned = new RayBatch(256);
  private long treeletVisits;

  public TraceStep(SceneShading scene) {
    this.shader = new PathShader(scene);
  }

  public void trace(RayBatch in, Treelet treelet, TraceOutput out) {
    work.clear();
    spawned.clear();
    for (int r = 0; r < in.size(); r++) {
      advance(in, r, treelet, out);
    }
    // Rays born here that start in this treelet (the root) continue here: no hop, no copy out.
    while (!spawned.isEmpty()) {
      work.clear();
      for (int r = 0; r < spawned.size(); r++) {
        work.addCopy(spawned, r);
      }
      spawned.clear();
      for (int r = 0; r < work.size(); r++) {
        advance(work, r, treelet, out);
      }
    }
  }

  /** Rays that entered a treelet (one per trace of a ray in a treelet), for hop statistics. */
  public long treeletVisits() {
    return treeletVisits;
  }

  /** Bounce and shadow rays spawned by shading so far (camera rays are counted by their maker). */
  public long spawnedRays() {
    return shader.shadowRays() + shader.bounceRays();
  }

  private void advance(RayBatch b, int r, Treelet treelet, TraceOutput out) {
    boolean shadow = b.isShadow(r);
    while (true) {
      if (b.nextTreelet(r) != treelet.id()) {
        out.forward(b, r);
        return;
      }
      treeletVisits++;
      traversal.load(b, r);
      int next = traversal.run(treelet, shadow);
      traversal.store(b, r);
      if (traversal.hitTriangle() >= 0 && !shadow) {
        treelet.recordHit(traversal.hitTriangle(), traversal.hitU(), traversal.hitV(), b, r);
      }
      if (next != Traversal.DONE) {
        out.forward(b, r);
        return;
      }
      if (shadow) {
        int pixel = b.getInt(r, RayBatch.PIXEL);
        int sample = b.getInt(r, RayBatch.SAMPLE);
        if (traversal.occluded()) {
          out.shadowDone(pixel, sample, 0, 0, 0);
        } else {
          out.shadowDone(pixel, sample, b.getFloat(r, RayBatch.BETA), b.getFloat(r, RayBatch.BETA + 1),
              b.getFloat(r, RayBatch.BETA + 2));
        }
        return;
      }
      int shadowsBefore = spawned.size();
      if (!shader.shade(b, r, spawned, out)) {
        return;
      }
      if (spawned.size() > shadowsBefore && treelet.id() != 0) {
        // Shadow rays start at the root; from any other treelet they leave at once.
        out.forward(spawned, spawned.size() - 1);
        spawned.removeSwap(spawned.size() - 1);
      }
      // r is now the next bounce, starting at the root: loop (traces here if this is the root).
    }
  }
}
