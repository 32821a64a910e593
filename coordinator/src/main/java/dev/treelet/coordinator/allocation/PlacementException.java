package dev.treelet.coordinator.allocation;

/** The treelets cannot be placed within the workers' budgets; the message says what to change. */
public final class PlacementException extends RuntimeException {
  public PlacementException(String message) {
    super(message);
  }
}
