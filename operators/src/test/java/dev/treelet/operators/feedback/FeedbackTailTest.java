package dev.treelet.operators.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The tail in Flink's operator harness: what was in flight at a checkpoint comes back on restore. */
class FeedbackTailTest {
  @Test
  void inFlightRecordsAreCheckpointedByTheTailAndPutBackOnRestore() throws Exception {
    OperatorSubtaskState snapshot;
    String key;
    try (OneInputStreamOperatorTestHarness<String, Void> tail =
        new OneInputStreamOperatorTestHarness<>(new FeedbackTail<>("test-loop", Types.STRING))) {
      tail.open();
      key = FeedbackChannels.key(tail.getEnvironment().getJobID().toString(), "test-loop", 0, 0);
      FeedbackChannel<String> channel = FeedbackChannels.acquire(key); // the head's side
      tail.processElement("before", 1);
      assertEquals(List.of("before"), channel.drain());
      channel.startLogging(1);
      tail.processElement("crossing", 2);
      assertEquals(List.of("crossing"), channel.drain());
      tail.processElement("queued", 3);
      snapshot = tail.snapshot(1, 4);
      FeedbackChannels.release(key);
    }
    try (OneInputStreamOperatorTestHarness<String, Void> restored =
        new OneInputStreamOperatorTestHarness<>(new FeedbackTail<>("test-loop", Types.STRING))) {
      restored.initializeState(snapshot);
      restored.open();
      String k = FeedbackChannels.key(restored.getEnvironment().getJobID().toString(), "test-loop", 0, 0);
      FeedbackChannel<String> channel = FeedbackChannels.acquire(k);
      assertEquals(List.of("crossing", "queued"), channel.drain());
      FeedbackChannels.release(k);
    }
  }
}
