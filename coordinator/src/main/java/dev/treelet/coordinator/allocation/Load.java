package dev.treelet.coordinator.allocation;

/**
 * What a policy sees of the last reporting period.
 *
 * @param waiting           rays waiting for each treelet, wherever they wait (a worker's ray queue,
 *                          a sender's out queue, a pending queue)
 * @param busy              fraction of the period each worker spent tracing, 0..1
 * @param raysPerPeriod     rays one busy worker traces in one period (its measured speed)
 */
public record Load(double[] waiting, double[] busy, double raysPerPeriod) {}
