package dev.treelet.operators.control;

import dev.treelet.coordinator.server.CoordinatorClient;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The statistics sink: posts reports to the coordinator off the task thread. Reports are cumulative,
 * so when the coordinator is slow or gone the oldest queued ones are dropped, not waited for; the
 * render never waits on its statistics.
 */
public final class CoordinatorReporter<T> extends ProcessFunction<T, Void> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LogManager.getLogger(CoordinatorReporter.class);

  private final String coordinator;
  private final String path;
  private transient CoordinatorClient client;
  private transient ThreadPoolExecutor poster;
  private transient volatile boolean warned;

  public CoordinatorReporter(String coordinator, String path) {
    this.coordinator = coordinator;
    this.path = path;
  }

  @Override
  public void open(OpenContext openContext) {
    client = new CoordinatorClient(coordinator);
    poster = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64), r -> {
      Thread t = new Thread(r, "coordinator-reporter");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.DiscardOldestPolicy());
  }

  @Override
  public void processElement(T report, Context ctx, Collector<Void> out) {
    poster.execute(() -> {
      try {
        client.post(path, report);
        warned = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        if (!warned) {
          warned = true;
          LOG.warn("cannot report to the coordinator at {} ({}); the render goes on", coordinator, e.toString());
        }
      }
    });
  }

  @Override
  public void close() throws Exception {
    if (poster != null) {
      poster.shutdown();
      poster.awaitTermination(2, TimeUnit.SECONDS);
    }
    super.close();
  }
}
