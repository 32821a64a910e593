package dev.treelet.operators.control;

import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.server.CoordinatorClient;
import dev.treelet.operators.collect.RenderSignals;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Long-polls the coordinator on its own thread and hands each newer allocation to the task. If the
 * coordinator cannot be reached the job keeps tracing on the allocation it has, and this keeps trying
 * (with backoff) and says so in the log.
 */
final class ControlReader implements SourceReader<Allocation, ControlSource.NoSplit> {
  private static final Logger LOG = LogManager.getLogger(ControlReader.class);
  private static final long POLL_MS = 10_000;

  private final CoordinatorClient client;
  private final String coordinator;
  private final String renderId;
  private final ArrayDeque<Allocation> ready = new ArrayDeque<>();
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private Thread poller;
  private volatile boolean closed;

  ControlReader(String coordinator, String renderId) {
    this.coordinator = coordinator;
    this.renderId = renderId;
    this.client = new CoordinatorClient(coordinator);
  }

  @Override
  public void start() {
    RenderSignals.completion(renderId).thenRun(this::wake);
    poller = new Thread(this::poll, "control-poller");
    poller.setDaemon(true);
    poller.start();
  }

  private void poll() {
    long epoch = -1;
    long backoff = 100;
    boolean warned = false;
    while (!closed) {
      try {
        Allocation a = client.awaitAllocation(epoch, POLL_MS);
        if (warned) {
          LOG.info("coordinator at {} reachable again", coordinator);
          warned = false;
        }
        backoff = 100;
        if (a != null && a.epoch() > epoch) {
          epoch = a.epoch();
          synchronized (this) {
            ready.add(a);
          }
          wake();
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (closed) {
          return;
        }
        if (!warned) {
          LOG.warn("coordinator at {} unreachable ({}); tracing continues on the last allocation, retrying",
              coordinator, e.toString());
          warned = true;
        }
        try {
          Thread.sleep(backoff); // retry backoff against an absent coordinator, not synchronisation
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  private void wake() {
    CompletableFuture<Void> f;
    synchronized (this) {
      f = available;
    }
    f.complete(null);
  }

  @Override
  public synchronized InputStatus pollNext(ReaderOutput<Allocation> output) {
    Allocation a = ready.poll();
    if (a != null) {
      output.collect(a);
      return ready.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
    }
    if (RenderSignals.completion(renderId).isDone()) {
      return InputStatus.END_OF_INPUT;
    }
    return InputStatus.NOTHING_AVAILABLE;
  }

  @Override
  public synchronized CompletableFuture<Void> isAvailable() {
    if (!ready.isEmpty() || RenderSignals.completion(renderId).isDone()) {
      return CompletableFuture.completedFuture(null);
    }
    if (available.isDone()) {
      available = new CompletableFuture<>();
    }
    return available;
  }

  @Override
  public List<ControlSource.NoSplit> snapshotState(long checkpointId) {
    return List.of();
  }

  @Override
  public void addSplits(List<ControlSource.NoSplit> splits) {}

  @Override
  public void notifyNoMoreSplits() {}

  @Override
  public void close() {
    closed = true;
    if (poller != null) {
      poller.interrupt();
    }
    RenderSignals.forget(renderId);
  }
}
