package dev.treelet.operators.feedback;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Where a loop's head and tail find their channel: by job, loop name, subtask and attempt. Head and
 * tail of one subtask are co-located (same slot, hence same JVM and the same user class loader), and a
 * restarted attempt gets a fresh channel, never the failed attempt's leftovers.
 */
public final class FeedbackChannels {
  private static final ConcurrentHashMap<String, Entry> CHANNELS = new ConcurrentHashMap<>();

  private FeedbackChannels() {}

  private static final class Entry {
    final FeedbackChannel<Object> channel = new FeedbackChannel<>();
    int users;
  }

  public static String key(String jobId, String loop, int subtask, int attempt) {
    return jobId + "/" + loop + "/" + subtask + "/" + attempt;
  }

  /** The key of the calling subtask's channel for loop. */
  public static String key(RuntimeContext context, String loop) {
    return key(context.getJobInfo().getJobId().toString(), loop, context.getTaskInfo().getIndexOfThisSubtask(),
        context.getTaskInfo().getAttemptNumber());
  }

  /** The channel for key, created on first use; each user calls {@link #release} once when done. */
  @SuppressWarnings("unchecked")
  public static <T> FeedbackChannel<T> acquire(String key) {
    Entry e = CHANNELS.compute(key, (k, old) -> {
      Entry n = old == null ? new Entry() : old;
      n.users++;
      return n;
    });
    return (FeedbackChannel<T>) (FeedbackChannel<?>) e.channel;
  }

  /** Forgets the channel once both its head and its tail have released it. */
  public static void release(String key) {
    CHANNELS.computeIfPresent(key, (k, e) -> --e.users <= 0 ? null : e);
  }
}
