package dev.treelet.coordinator.protocol;

/**
 * An aggregator subtask's cumulative progress (counted from its state, so exact): camera samples
 * finished and tiles complete. Newest (attempt, sequence) per aggregator wins, as for workers.
 */
public record ProgressReport(int aggregator, int attempt, long sequence, long samplesDone, long tilesDone) {

  public boolean newerThan(ProgressReport other) {
    return other == null || attempt > other.attempt || (attempt == other.attempt && sequence > other.sequence);
  }
}
