package dev.treelet.tracer.render;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a render, read by a progress display while workers add to them. */
public final class RenderCounters {
  public final long totalSamples;
  public final AtomicLong samples = new AtomicLong();
  public final AtomicLong rays = new AtomicLong();

  public RenderCounters(long totalSamples) {
    this.totalSamples = totalSamples;
  }
}
