package dev.treelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuSharesTest {
  private static volatile long sink;

  /** A thread that spins until it has used burnNanos of CPU, reports its total, then waits for release. */
  private static Thread burner(String name, long burnNanos, AtomicLong used, CountDownLatch burnt,
      CountDownLatch release) {
    Thread t = new Thread(() -> {
      var mx = ManagementFactory.getThreadMXBean();
      long x = 0;
      while (mx.getCurrentThreadCpuTime() < burnNanos) {
        x += Long.numberOfTrailingZeros(x * 31 + 7);
      }
      sink = x; // keeps the loop's work from being optimised away
      used.set(mx.getCurrentThreadCpuTime());
      burnt.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
    t.start();
    return t;
  }

  @Test
  void countsThePrefixedThreadsCpuEvenAfterTheyEndAndNoOthers() throws Exception {
    AtomicLong traceUsed = new AtomicLong();
    AtomicLong otherUsed = new AtomicLong();
    CountDownLatch burnt = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    CpuShares.Result r;
    try (CpuShares shares = CpuShares.start("trace", 60_000)) {
      Thread trace = burner("trace -> (ray-feedback, merge-samples) (1/2)#0", 80_000_000L, traceUsed, burnt, release);
      Thread other = burner("route (1/2)#0", 120_000_000L, otherUsed, burnt, release);
      burnt.await();
      shares.sample(); // the last reading before the threads end, as the sampler's would be
      release.countDown();
      trace.join();
      other.join();
      r = shares.result();
    }
    double traceSeconds = r.prefixCores() * r.seconds();
    // Only the trace thread counts, all of its CPU (it used a few microseconds more after reporting).
    assertEquals(traceUsed.get() / 1e9, traceSeconds, 0.005, "the trace thread's CPU, not the router's");
    assertTrue(r.processCores() * r.seconds() >= (traceUsed.get() + otherUsed.get()) / 1e9 - 0.005,
        "the process's CPU includes both threads");
  }
}
