package dev.treelet.pipeline;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for something a running job makes true. */
final class Polling {
  private Polling() {}

  /** Polls a condition the job makes true (with a deadline); not a sleep standing in for an event. */
  static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
