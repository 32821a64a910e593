package dev.treelet.pipeline;

import dev.treelet.coordinator.Coordinator;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.WorkerReport;
import dev.treelet.tracer.cli.ProgressBar;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
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

  /** The published map in a few words, so replicas can be seen changing as the render runs. */
  static String mapLine(Allocation a) {
    int copies = 0;
    int most = 0;
    for (int t = 0; t < a.treeletCount(); t++) {
      copies += a.holders(t).length;
      most = Math.max(most, a.holders(t).length);
    }
    return "map epoch " + a.epoch() + ": " + copies + " copies of " + a.treeletCount() + " treelets (at most " + most
        + " of one)" + (a.paused() ? ", paused" : "");
  }

  /** Each worker's share of the rays traced, e.g. "0: 48%, 1: 52%": how evenly the allocation spread the work. */
  static String shares(Coordinator coordinator) {
    long total = Math.max(1, coordinator.raysTraced());
    StringBuilder s = new StringBuilder();
    for (WorkerReport r : coordinator.workerReports()) {
      s.append(s.isEmpty() ? "" : ", ").append(r.worker()).append(": ")
          .append(Math.round(100.0 * r.raysTraced() / total)).append('%');
    }
    return s.toString();
  }

  public static JobID submit(ClusterClient<?> client, JobGraph graph) throws Exception {
    return client.submitJob(graph).get();
  }

  /** Waits for jobId to finish; a failed job is an exception carrying Flink's cause. */
  public static Outcome await(ClusterClient<?> client, JobID jobId, Coordinator coordinator, long startNanos,
      boolean showProgress) throws Exception {
    JobResult result;
    if (showProgress) {
      try (ProgressBar bar = new ProgressBar("render", coordinator::samplesDone, coordinator.totalSamples(),
          () -> ProgressBar.human(coordinator.raysTraced()) + " rays traced, " + mapLine(coordinator.allocation()))) {
        result = client.requestJobResult(jobId).get();
      }
    } else {
      result = client.requestJobResult(jobId).get();
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (showProgress) {
      System.err.println("final map: " + mapLine(coordinator.allocation()));
      System.err.println("rays traced by worker (last reports): " + shares(coordinator));
    }
    JobExecutionResult exec = result.toJobExecutionResult(JobRun.class.getClassLoader());
    return new Outcome(jobId, exec.getAllAccumulatorResults(), seconds);
  }
}
