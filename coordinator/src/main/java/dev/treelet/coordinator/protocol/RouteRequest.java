package dev.treelet.coordinator.protocol;

import java.util.Arrays;

/**
 * A routing change made by hand ({@code ./treelet route}, {@code POST /route}):
 *
 * <pre>
 *  {"op":"pin",     "treelet":T, "workers":[W,...]}  exactly these workers hold T; the policy leaves T alone
 *  {"op":"add",     "treelet":T, "worker":W}         one more copy of T, on W (T is then pinned)
 *  {"op":"remove",  "treelet":T, "worker":W}         W gives up its copy of T (T is then pinned)
 *  {"op":"drain",   "worker":W}                      W gives up everything, and takes nothing new
 *  {"op":"release", "treelet":T} or {"worker":W}     back to the policy
 * </pre>
 */
public record RouteRequest(String op, Integer treelet, Integer worker, int[] workers) {
  public static final String OPS = "pin, add, remove, drain or release";

  /** Checks the request is complete for its op; the message names what is missing. */
  public RouteRequest validated() {
    if (op == null) {
      throw new IllegalArgumentException("route request has no \"op\"; use " + OPS);
    }
    switch (op) {
      case "pin" -> {
        need(treelet, "treelet");
        if (workers == null || workers.length == 0) {
          throw new IllegalArgumentException("pin needs \"workers\": a non-empty list of worker ids");
        }
      }
      case "add", "remove" -> {
        need(treelet, "treelet");
        need(worker, "worker");
      }
      case "drain" -> need(worker, "worker");
      case "release" -> {
        if ((treelet == null) == (worker == null)) {
          throw new IllegalArgumentException("release needs exactly one of \"treelet\" or \"worker\"");
        }
      }
      default -> throw new IllegalArgumentException("unknown route op \"" + op + "\"; use " + OPS);
    }
    return this;
  }

  private void need(Integer v, String field) {
    if (v == null) {
      throw new IllegalArgumentException(op + " needs \"" + field + "\"");
    }
  }

  @Override
  public String toString() {
    return op + (treelet == null ? "" : " treelet " + treelet) + (worker == null ? "" : " worker " + worker)
        + (workers == null ? "" : " workers " + Arrays.toString(workers));
  }
}
