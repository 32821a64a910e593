package dev.treelet.tracer.light;

/** One sampled light direction from a shading point: scratch, reused per thread. */
public final class LightSample {
  public float wx;
  public float wy;
  public float wz;
  /** Distance to the sampled point; +infinity for the environment and distant lights. */
  public float distance;
  public float lr;
  public float lg;
  public float lb;
  /** Solid-angle density including the probability of choosing this light (1/count). */
  public float pdf;
  public boolean delta;
}
