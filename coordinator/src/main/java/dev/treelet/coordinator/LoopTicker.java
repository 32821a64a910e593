package dev.treelet.coordinator;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs the allocation loop on the wall clock, every tickMillis, on one daemon thread, with the load
 * the {@link LoadMeter} measures from the workers' reports once per policy period. A failing tick is
 * logged and the next one runs: the coordinator outlives a bug in one decision.
 */
public final class LoopTicker implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(LoopTicker.class);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "allocation-loop");
    t.setDaemon(true);
    return t;
  });

  public LoopTicker(AllocationLoop loop, long tickMillis, long policyMillis) {
    Coordinator c = loop.coordinator();
    LoadMeter meter = new LoadMeter(c.allocation().treeletCount(), c.allocation().workers(), policyMillis);
    timer.scheduleWithFixedDelay(() -> {
      try {
        long now = System.currentTimeMillis();
        loop.tick(now, meter.sample(now, c.workerReports()));
      } catch (RuntimeException e) {
        LOG.error("allocation loop tick failed; trying again in {} ms", tickMillis, e);
      }
    }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
