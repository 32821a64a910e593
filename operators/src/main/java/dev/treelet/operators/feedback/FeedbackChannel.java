package dev.treelet.operators.feedback;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-JVM back edge of a loop: a tail puts records, the co-located head drains them on its own
 * thread. Flink 2.x has no iterations; this is the edge Flink cannot see, so checkpoints must be told
 * about what crosses it.
 *
 * <p>Checkpoints: a checkpoint barrier reaches the head first and the tail later (the tail is
 * downstream). Records put by the tail before its barrier but drained by the head after its own are
 * in flight on this edge: they belong to the checkpoint. So the head calls {@link #startLogging} in
 * its snapshot, every drain from then on is logged, and the tail's snapshot {@link #takeLog takes}
 * the log plus whatever is still queued and stores it in the tail's state. On restore the tail puts
 * them back. Draining and logging happen under one lock, so a record is always either processed
 * before the head's snapshot or in the log, never neither and never both.
 *
 * <p>Flink sends a task's barrier downstream before it snapshots the task's operators, so the tail's
 * snapshot can run before the head's has started logging (seen about once in fifteen test runs on
 * two busy cores). The head does nothing else in between, so the tail waits for it.
 */
public final class FeedbackChannel<T> {
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private Runnable onData;
  private List<T> log;
  private long loggingFor = -1;
  private boolean headFinished;
  /** How long a tail waits for the head's snapshot before failing the checkpoint. */
  static final long HEAD_WAIT_MILLIS = 60_000;

  /** Adds a record; wakes the consumer if the queue was empty. */
  public void put(T value) {
    Runnable wake;
    synchronized (this) {
      queue.add(value);
      wake = queue.size() == 1 ? onData : null;
    }
    if (wake != null) {
      wake.run();
    }
  }

  /**
   * Registers the consumer's wake-up (it must only schedule a {@link #drain}, on the consumer's own
   * thread). Called at once if records are already waiting.
   */
  public void onData(Runnable wake) {
    boolean waiting;
    synchronized (this) {
      if (onData != null) {
        throw new IllegalStateException("a feedback channel has one consumer");
      }
      onData = wake;
      waiting = !queue.isEmpty();
    }
    if (waiting) {
      wake.run();
    }
  }

  /** Takes every queued record (logging them if a checkpoint is being logged). */
  public synchronized List<T> drain() {
    List<T> out = new ArrayList<>(queue);
    queue.clear();
    if (log != null) {
      log.addAll(out);
    }
    return out;
  }

  /** Head side, in the head's snapshot for checkpointId. */
  public synchronized void startLogging(long checkpointId) {
    log = new ArrayList<>();
    loggingFor = checkpointId;
    notifyAll();
  }

  /** The head has finished: it logs nothing more (the render it served is over). */
  public synchronized void headFinished() {
    headFinished = true;
    notifyAll();
  }

  /** Tail side, in the tail's snapshot: what was in flight on this edge at checkpointId. */
  public synchronized List<T> takeLog(long checkpointId) throws InterruptedException {
    long deadline = System.nanoTime() + HEAD_WAIT_MILLIS * 1_000_000L;
    while (!headFinished && loggingFor < checkpointId) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    if (headFinished && loggingFor != checkpointId) {
      return new ArrayList<>(queue);
    }
    if (loggingFor != checkpointId || log == null) {
      throw new IllegalStateException("feedback tail snapshots checkpoint " + checkpointId
          + " but the head is logging " + (log == null ? "nothing" : "checkpoint " + loggingFor)
          + "; checkpoints must be aligned and one at a time");
    }
    List<T> inFlight = log;
    inFlight.addAll(queue);
    log = null;
    loggingFor = -1;
    return inFlight;
  }
}
