package dev.treelet.operators.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.runtime.tasks.StreamTaskActionExecutor;
import org.apache.flink.streaming.runtime.tasks.mailbox.MailboxExecutorImpl;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl;
import org.junit.jupiter.api.Test;

class FeedbackHeadTest {
  @Test
  void aTailPuttingAfterTheHeadsMailboxClosedDoesNotFail() throws Exception {
    TaskMailbox box = new TaskMailboxImpl(Thread.currentThread());
    MailboxExecutorImpl mailbox = new MailboxExecutorImpl(box, 0, StreamTaskActionExecutor.IMMEDIATE);
    AtomicInteger drains = new AtomicInteger();
    FeedbackChannel<String> channel = new FeedbackChannel<>();
    channel.onData(FeedbackHead.wakeOn(mailbox, drains::incrementAndGet, "test"));

    channel.put("a");
    box.take(0).run();
    assertEquals(1, drains.get(), "an open mailbox runs the drain");

    box.close(); // the head's task was cancelled
    assertThrows(RejectedExecutionException.class, () -> mailbox.execute(() -> {}, "x"),
        "a closed mailbox refuses mail (what the wake-up must survive)");
    channel.drain(); // empty again, so that b wakes the head
    channel.put("b");
    assertEquals(1, drains.get());
  }
}
