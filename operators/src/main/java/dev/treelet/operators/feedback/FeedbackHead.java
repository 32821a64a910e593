package dev.treelet.operators.feedback;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.operators.MailboxExecutor;

/**
 * The head side of a loop, for the operator that consumes it: finds this subtask's channel, drains it
 * on the operator's own mailbox thread (so feedback never races the operator's other inputs or its
 * snapshots), and logs for checkpoints as {@link FeedbackChannel} describes.
 */
public final class FeedbackHead<T> implements AutoCloseable {
  private final String key;
  private final FeedbackChannel<T> channel;

  private FeedbackHead(String key, FeedbackChannel<T> channel) {
    this.key = key;
    this.channel = channel;
  }

  /** Starts consuming: every batch of fed-back records goes to consumer, in the mailbox. */
  public static <T> FeedbackHead<T> open(RuntimeContext context, String loop, MailboxExecutor mailbox,
      Consumer<List<T>> consumer) {
    String key = FeedbackChannels.key(context, loop);
    FeedbackChannel<T> channel = FeedbackChannels.acquire(key);
    channel.onData(wakeOn(mailbox, () -> consumer.accept(channel.drain()), loop));
    return new FeedbackHead<>(key, channel);
  }

  /**
   * The tail's wake-up: schedules drain on the head's mailbox. Once the head's task is cancelled or
   * finished its mailbox is closed and refuses mail; what the tail still puts then can never be
   * processed by this head attempt (a restored one gets it from the checkpoint), so the refusal is
   * not the tail's failure. Letting it through failed the tail's task while the job was cancelling.
   */
  static Runnable wakeOn(MailboxExecutor mailbox, Runnable drain, String loop) {
    String name = "feedback " + loop; // once, not per wake-up: this runs for every batch that leaves
    return () -> {
      try {
        mailbox.execute(drain::run, name);
      } catch (RejectedExecutionException headGone) {
        // The head is gone; see above.
      }
    };
  }

  /** In the head operator's snapshotState. */
  public void startLogging(long checkpointId) {
    channel.startLogging(checkpointId);
  }

  /** In the head operator's finish(): it will log no more checkpoints. */
  public void finished() {
    channel.headFinished();
  }

  @Override
  public void close() {
    FeedbackChannels.release(key);
  }
}
