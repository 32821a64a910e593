package dev.treelet.operators.feedback;

import java.util.List;
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
    channel.onData(() -> mailbox.execute(() -> consumer.accept(channel.drain()), "feedback " + loop));
    return new FeedbackHead<>(key, channel);
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
