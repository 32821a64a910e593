package dev.treelet.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * When a {@link Supervisor} starts its process again after it exited. A run that lasted at least
 * {@code stable} was a working process that died (killed, crashed, or a TaskManager's fatal exit when
 * a peer dies: README, Faults): it is started again after {@code first}. A shorter run is a process
 * that cannot start (a port in use, a bad configuration): each one doubles the delay, up to
 * {@code max}, and after {@code giveUp} in a row the supervisor stops trying, so {@code cluster up}
 * reports the failure and its log instead of restarting it for ever.
 */
final class RestartBackoff {
  private final Duration first;
  private final Duration max;
  private final Duration stable;
  private final int giveUp;
  private int shortRuns;

  RestartBackoff(Duration first, Duration max, Duration stable, int giveUp) {
    this.first = first;
    this.max = max;
    this.stable = stable;
    this.giveUp = giveUp;
  }

  /** 1 s after a crash; 1, 2, 4, 8 s while it keeps failing within 30 s of starting; then give up. */
  static RestartBackoff standard() {
    return new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30), 5);
  }

  /** How long to wait before the next start, given how long the run that just ended lasted; empty: give up. */
  Optional<Duration> next(Duration ranFor) {
    if (ranFor.compareTo(stable) >= 0) {
      shortRuns = 0;
      return Optional.of(first);
    }
    shortRuns++;
    if (shortRuns >= giveUp) {
      return Optional.empty();
    }
    Duration delay = first.multipliedBy(1L << Math.min(shortRuns - 1, 30));
    return Optional.of(delay.compareTo(max) > 0 ? max : delay);
  }

  /** Why it gave up, for the supervisor's last message. */
  String givingUp() {
    return "it ran less than " + stable.toSeconds() + " s " + shortRuns + " times in a row, so it cannot start";
  }
}
