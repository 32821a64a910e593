package dev.treelet.coordinator.allocation;

/**
 * What a policy sees of the last reporting period.
 *
 * @param waiting           work for each treelet in rays: rays waiting for it, wherever they wait (a
 *                          worker's ray queue, a sender's out queue, a pending queue); the Flink
 *                          job's meter adds the tracing done in it, as rays at the average cost
 *                          (see LoadMeter)
 * @param busy              fraction of the period each worker spent tracing, 0..1
 * @param raysPerPeriod     rays one busy worker traces in one period (its measured speed)
 */
public record Load(double[] waiting, double[] busy, double raysPerPeriod) {}
