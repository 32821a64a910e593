package dev.treelet.operators.collect;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Collector tells the co-located control source that the render is complete, so the source
 * ends, and with it the job. In-JVM (both run in one slot); keyed by the render's id, which is new for
 * every submission, including a restore.
 */
public final class RenderSignals {
  private static final ConcurrentHashMap<String, CompletableFuture<Void>> COMPLETE = new ConcurrentHashMap<>();

  private RenderSignals() {}

  public static CompletableFuture<Void> completion(String renderId) {
    return COMPLETE.computeIfAbsent(renderId, k -> new CompletableFuture<>());
  }

  public static void complete(String renderId) {
    completion(renderId).complete(null);
  }

  /** Forget a finished render's signal (the control source calls this as it ends). */
  public static void forget(String renderId) {
    COMPLETE.remove(renderId);
  }
}
