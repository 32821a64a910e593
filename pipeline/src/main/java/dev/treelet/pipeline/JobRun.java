package dev.treelet.pipeline;

import dev.treelet.coordinator.Coordinator;
import dev.treelet.tracer.cli.ProgressBar;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;

/**
 * Submits a render's job to a cluster (the embedded MiniCluster or a remote one: any ClusterClient),
 * shows progress from what the coordinator hears, and waits for the job to end by itself.
 */
public final class JobRun {
  /** What the finished job reported (Flink accumulators) and how long it took, submission to end. */
  public record Outcome(JobID jobId, Map<String, Object> accumulators, double seconds) {
    public long count(String name) {
      Object v = accumulators.get(name);
      return v == null ? 0 : ((Number) v).longValue();
    }
  }

  private JobRun() {}

  public static JobID submit(ClusterClient<?> client, JobGraph graph) throws Exception {
    return client.submitJob(graph).get();
  }

  /** Waits for jobId to finish, progress from the coordinator in this process. */
  public static Outcome await(ClusterClient<?> client, JobID jobId, Coordinator coordinator, long startNanos,
      boolean showProgress) throws Exception {
    return await(client, jobId, RenderProgress.of(coordinator), startNanos, showProgress);
  }

  /** Waits for jobId to finish; a failed job is a {@link JobFailedException} naming Flink's root cause. */
  public static Outcome await(ClusterClient<?> client, JobID jobId, RenderProgress progress, long startNanos,
      boolean showProgress) throws Exception {
    JobResult result;
    if (showProgress) {
      try (ProgressBar bar = new ProgressBar("render", progress::samplesDone, progress.totalSamples(),
          () -> ProgressBar.human(progress.raysTraced()) + " rays traced, " + progress.map())) {
        result = client.requestJobResult(jobId).get();
      }
    } else {
      result = client.requestJobResult(jobId).get();
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (showProgress) {
      System.err.println("final map: " + progress.map());
      if (!progress.shares().isEmpty()) {
        System.err.println("rays traced by worker (last reports): " + progress.shares());
      }
    }
    JobExecutionResult exec;
    try {
      exec = result.toJobExecutionResult(JobRun.class.getClassLoader());
    } catch (JobExecutionException e) {
      throw new JobFailedException(jobId, e);
    }
    return new Outcome(jobId, exec.getAllAccumulatorResults(), seconds);
  }
}
