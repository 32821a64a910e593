package dev.treelet.tracer.integrator;

import dev.treelet.tracer.ray.RayBatch;

/** Where {@link TraceStep#trace} puts what it produces. */
public interface TraceOutput {
  /**
   * Ray r of batch must continue in treelet {@code batch.nextTreelet(r)}. Copy it (for example with
   * {@link RayBatch#addCopy}) before returning: the batch is reused.
   */
  void forward(RayBatch batch, int r);

  /**
   * A path ended: the radiance it gathered (one camera sample, which is what sample counts count)
   * and how many shadow rays it spawned on the way. Each of those reports through
   * {@link #shadowDone}, possibly later and elsewhere; a pixel is finished only when both tallies
   * agree, which is how a distributed render knows that no ray of it is left anywhere.
   */
  void pathDone(int pixel, int sampleIndex, float r, float g, float b, int shadowRays);

  /** A shadow ray ended: the light it adds to its path's sample (zero if it was blocked). */
  void shadowDone(int pixel, int sampleIndex, float r, float g, float b);
}
