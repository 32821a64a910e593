package dev.treelet.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Where this JVM's CPU went over a stretch of wall time: the whole process, and the threads whose
 * names start with a given prefix (the job's tracing threads). On two shared cores a job's rate
 * swings 2x from run to run; how many cores its tracing got is the steadier signal.
 *
 * <p>Flink's task threads end with their job, and a thread's CPU time can only be read while it
 * lives, so a daemon thread reads every live thread's time every period and keeps the last
 * reading (the few milliseconds after it are lost). It asks the JVM (ThreadMXBean), never starts
 * processes: a measuring script that forked cat per thread took about half a core of two and made
 * the job look starved (1.56-1.66 cores reported where, measured without forking, it used 1.7-1.9).
 */
final class CpuShares implements AutoCloseable {
  /** CPU over wall time, in cores: the process, and the threads named with the prefix. */
  record Result(double seconds, double processCores, double prefixCores) {}

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final String prefix;
  private final Map<Long, Long> atStart = new HashMap<>();
  private final Map<Long, Long> latest = new HashMap<>();
  private final long startNanos;
  private final long startProcessCpu;
  private final Thread sampler;
  private volatile boolean stopped;

  private CpuShares(String prefix, long periodMillis) {
    this.prefix = prefix;
    this.startNanos = System.nanoTime();
    this.startProcessCpu = os.getProcessCpuTime();
    sampleInto(atStart);
    sampler = new Thread(() -> {
      while (!stopped) {
        sample();
        try {
          Thread.sleep(periodMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "cpu-shares");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts measuring now, reading the threads' times every periodMillis. */
  static CpuShares start(String threadPrefix, long periodMillis) {
    return new CpuShares(threadPrefix, periodMillis);
  }

  /** Reads every live thread's CPU time now (the sampler does this every period). */
  synchronized void sample() {
    sampleInto(latest);
  }

  private void sampleInto(Map<Long, Long> into) {
    for (Thread t : liveThreads()) {
      if (t.getName().startsWith(prefix)) {
        long cpu = threads.getThreadCpuTime(t.getId());
        if (cpu >= 0) {
          into.put(t.getId(), cpu);
        }
      }
    }
  }

  private static Thread[] liveThreads() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] all = new Thread[root.activeCount() + 16];
    int n;
    while ((n = root.enumerate(all, true)) == all.length) {
      all = new Thread[2 * all.length];
    }
    return java.util.Arrays.copyOf(all, n);
  }

  /** Stops the sampler and returns the figures from start until now. */
  synchronized Result result() {
    close();
    sampleInto(latest);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long prefixCpu = 0;
    for (Map.Entry<Long, Long> e : latest.entrySet()) {
      prefixCpu += e.getValue() - atStart.getOrDefault(e.getKey(), 0L);
    }
    return new Result(seconds, (os.getProcessCpuTime() - startProcessCpu) / 1e9 / seconds,
        prefixCpu / 1e9 / seconds);
  }

  @Override
  public void close() {
    stopped = true;
    sampler.interrupt();
  }
}
