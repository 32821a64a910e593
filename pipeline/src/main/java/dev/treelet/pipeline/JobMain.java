package dev.treelet.pipeline;

import dev.treelet.coordinator.LoopSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The job jar's entry point, for a Flink cluster that already runs (flink run, REST /jars/run, the
 * Kubernetes operator): {@code --prepared DIR --coordinator HOST:PORT --out FILE --workers K [--spp N]
 * [--seed S] [--worker-memory BYTES] [--policy dynamic|static] [--protocol leases|barriers]}. The
 * prepared folder and the output path must be reachable from every task manager and the coordinator
 * (a shared file system); the coordinator must run ({@code ./treelet coordinator}); this registers the
 * render with it, then builds and runs the job.
 */
public final class JobMain {
  /** Every parameter it takes; any other is refused, by name. */
  public static final Set<String> PARAMETERS = Set.of("prepared", "coordinator", "out", "workers", "spp", "seed",
      "worker-memory", "policy", "protocol");

  private JobMain() {}

  public static void main(String[] args) throws Exception {
    ParameterTool p = ParameterTool.fromArgs(args);
    for (String k : p.toMap().keySet()) {
      if (!PARAMETERS.contains(k)) {
        throw new IllegalArgumentException("unknown parameter --" + k + "; JobMain takes --" + String.join(", --",
            new java.util.TreeSet<>(PARAMETERS)));
      }
    }
    Path prepared = Path.of(p.getRequired("prepared")).toAbsolutePath();
    String coordinator = p.getRequired("coordinator");
    LoopSettings d = LoopSettings.defaults();
    LoopSettings loop = d.withPolicy(p.get("policy", d.policy())).withProtocol(p.get("protocol", d.protocol()));
    RenderLaunch.Options o = RenderLaunch.Options.defaults(Path.of(p.getRequired("out")), p.getInt("workers", 2))
        .withSpp(p.getInt("spp", 0)).withSeed(p.getLong("seed", 0))
        .withWorkerBudget(p.getLong("worker-memory", Long.MAX_VALUE)).withLoop(loop);
    RenderAllocation.Registered render = RenderAllocation.register(prepared, o, coordinator);
    // The cluster's checkpoint interval, if its config.yaml sets one; else checkpoints on request only.
    Duration interval = StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration()
        .getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).orElse(null);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(RenderJob.configuration(interval, null));
    RenderJob.build(env, render.spec());
    env.execute("treelet render " + prepared.getFileName());
  }
}
