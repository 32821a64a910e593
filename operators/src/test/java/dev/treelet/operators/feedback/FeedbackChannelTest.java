package dev.treelet.operators.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FeedbackChannelTest {
  @Test
  void recordsDrainedBeforeTheHeadSnapshotAreNotLoggedAndLaterOnesAre() throws Exception {
    FeedbackChannel<Integer> c = new FeedbackChannel<>();
    c.put(1);
    c.put(2);
    assertEquals(List.of(1, 2), c.drain()); // processed before the checkpoint: part of the head's state
    c.put(3);
    c.startLogging(5); // the head's snapshot
    c.put(4);
    assertEquals(List.of(3, 4), c.drain()); // processed after it: in flight for checkpoint 5
    c.put(5); // put before the tail's barrier, never drained: also in flight
    assertEquals(List.of(3, 4, 5), c.takeLog(5));
    c.put(6);
    assertEquals(List.of(5, 6), c.drain()); // logging stopped with the tail's snapshot
  }

  @Test
  void aTailSnapshotThatOvertakesTheHeadsWaitsForIt() throws Exception {
    FeedbackChannel<Integer> c = new FeedbackChannel<>();
    c.put(1);
    CompletableFuture<List<Integer>> tail = CompletableFuture.supplyAsync(() -> {
      try {
        return c.takeLog(3); // Flink sent the barrier on before the head snapshotted
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    c.startLogging(3);
    assertEquals(List.of(1), tail.get(30, TimeUnit.SECONDS));
  }

  @Test
  void aTailSnapshotForAnOlderCheckpointIsRefusedAndAFinishedHeadLogsNothing() throws Exception {
    FeedbackChannel<Integer> c = new FeedbackChannel<>();
    c.startLogging(2);
    assertThrows(IllegalStateException.class, () -> c.takeLog(1));
    c.put(9);
    c.headFinished();
    assertEquals(List.of(9), c.takeLog(4));
  }

  @Test
  void theConsumerIsWokenOncePerEmptyToNonEmptyAndAtRegistrationIfRecordsWait() {
    FeedbackChannel<Integer> c = new FeedbackChannel<>();
    c.put(1);
    List<String> wakes = new ArrayList<>();
    c.onData(() -> wakes.add("wake"));
    assertEquals(1, wakes.size()); // a record was already waiting
    c.put(2);
    assertEquals(1, wakes.size()); // not empty yet: the scheduled drain will take it
    c.drain();
    c.put(3);
    assertEquals(2, wakes.size());
    assertThrows(IllegalStateException.class, () -> c.onData(() -> { }));
  }

  @Test
  void channelsAreSharedByHeadAndTailAndForgottenWhenBothRelease() {
    String key = FeedbackChannels.key("job", "rays", 0, 0);
    FeedbackChannel<Integer> head = FeedbackChannels.acquire(key);
    FeedbackChannel<Integer> tail = FeedbackChannels.acquire(key);
    assertEquals(head, tail);
    FeedbackChannel<Integer> retry = FeedbackChannels.acquire(FeedbackChannels.key("job", "rays", 0, 1));
    assertEquals(false, retry == head, "a restarted attempt gets a fresh channel");
    FeedbackChannels.release(key);
    FeedbackChannels.release(key);
    FeedbackChannels.release(FeedbackChannels.key("job", "rays", 0, 1));
    FeedbackChannel<Integer> again = FeedbackChannels.acquire(key);
    assertEquals(false, again == head);
    FeedbackChannels.release(key);
  }
}
