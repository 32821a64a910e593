package dev.treelet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  private static final Duration SHORT = Duration.ofSeconds(3);
  private static final Duration LONG = Duration.ofMinutes(5);

  @Test
  void aProcessThatKeepsFailingToStartIsRetriedLessOftenThenGivenUp() {
    RestartBackoff b = RestartBackoff.standard();
    assertEquals(Optional.of(Duration.ofSeconds(1)), b.next(SHORT));
    assertEquals(Optional.of(Duration.ofSeconds(2)), b.next(SHORT));
    assertEquals(Optional.of(Duration.ofSeconds(4)), b.next(SHORT));
    assertEquals(Optional.of(Duration.ofSeconds(8)), b.next(SHORT));
    assertEquals(Optional.empty(), b.next(SHORT));
  }

  @Test
  void aProcessThatRanAWhileIsRestartedAfterASecondEveryTime() {
    RestartBackoff b = RestartBackoff.standard();
    for (int i = 0; i < 20; i++) {
      assertEquals(Optional.of(Duration.ofSeconds(1)), b.next(LONG));
    }
  }

  @Test
  void aGoodRunForgetsEarlierFailedStarts() {
    RestartBackoff b = RestartBackoff.standard();
    for (int i = 0; i < 4; i++) {
      b.next(SHORT);
    }
    assertEquals(Optional.of(Duration.ofSeconds(1)), b.next(LONG));
    assertEquals(Optional.of(Duration.ofSeconds(1)), b.next(SHORT)); // counting starts again
  }

  @Test
  void theDelayStopsGrowingAtItsCap() {
    RestartBackoff b = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 100);
    Duration last = Duration.ZERO;
    for (int i = 0; i < 70; i++) {
      last = b.next(SHORT).orElseThrow();
    }
    assertEquals(Duration.ofSeconds(5), last);
  }
}
