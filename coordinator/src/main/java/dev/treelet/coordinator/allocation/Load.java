package dev.treelet.coordinator.allocation;

/**
 * What a policy sees of the last reporting period.
 *
 * @param waiting           work for each treelet in rays: rays waiting for it, wherever they wait (a
 *                          worker's ray queue, a sender's out queue, a pending queue); the Flink
 *                          job's meter adds the tracing done in it, as rays at the average cost
 *                          (see LoadMeter)
 * @param share             work each worker actually had, in the same rays: what waited for it and
 *                          what it traced. Not derivable from waiting and the map: copies of a
 *                          treelet do not split its rays evenly (a ray that reaches a treelet on a
 *                          worker holding the next one too stays there, so one holder of a chain
 *                          keeps most of its rays)
 * @param busy              fraction of the period each worker spent tracing, 0..1
 * @param raysPerPeriod     rays one busy worker traces in one period (its measured speed)
 */
public record Load(double[] waiting, double[] share, double[] busy, double raysPerPeriod) {}
