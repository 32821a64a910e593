package dev.treelet.operators.route;

import java.io.Serializable;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * For each worker (a subtask of the tracing operator), an Integer key that Flink's keyBy delivers to
 * exactly that subtask. Routing picks a worker and stamps its key on the bag; the tracing operator
 * stays a keyed operator (keyed state, broadcast state) while we decide where each bag goes.
 */
public final class WorkerKeys implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int[] keys;

  public WorkerKeys(int workers, int maxParallelism) {
    keys = new int[workers];
    java.util.Arrays.fill(keys, -1);
    int found = 0;
    for (int k = 0; found < workers; k++) {
      int w = KeyGroupRangeAssignment.assignKeyToParallelOperator(k, maxParallelism, workers);
      if (keys[w] < 0) {
        keys[w] = k;
        found++;
      }
    }
  }

  public int keyOf(int worker) {
    return keys[worker];
  }

  public int workers() {
    return keys.length;
  }
}
