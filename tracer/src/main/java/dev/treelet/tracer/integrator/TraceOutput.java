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
   * A finished contribution to a pixel. weight 1 ends one camera sample (the path is done: this is
   * what sample counts count); weight 0 is light a shadow ray found for a sample counted elsewhere.
   */
  void sample(int pixel, int sampleIndex, float r, float g, float b, int weight);
}
