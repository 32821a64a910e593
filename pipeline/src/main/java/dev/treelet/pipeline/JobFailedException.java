package dev.treelet.pipeline;

import org.apache.flink.api.common.JobID;

/**
 * A render's Flink job ended failed. The message leads with the deepest cause (Flink wraps it in
 * "Job execution failed" and "Recovery is suppressed by ..."), which is what says what to change.
 */
public final class JobFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  JobFailedException(JobID job, Throwable failure) {
    super("the render's Flink job " + job + " failed: " + rootCause(failure), failure);
  }

  /** The deepest cause of t as "SimpleClassName: message": what Flink's wrapping exceptions hide. */
  public static String rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
