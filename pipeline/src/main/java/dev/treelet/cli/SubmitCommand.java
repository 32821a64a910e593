package dev.treelet.cli;

import dev.treelet.cluster.ClusterLayout;
import dev.treelet.cluster.RestOverview;
import dev.treelet.coordinator.LoopSettings;
import dev.treelet.operators.RenderSpec;
import dev.treelet.pipeline.JobFailedException;
import dev.treelet.pipeline.JobRun;
import dev.treelet.pipeline.RenderAllocation;
import dev.treelet.pipeline.RenderJob;
import dev.treelet.pipeline.RenderLaunch;
import dev.treelet.pipeline.RenderProgress;
import dev.treelet.tracer.cli.Args;
import dev.treelet.tracer.cli.RenderLocalCommand;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;

/**
 * {@code treelet submit SCENE.pbrt|PREPARED --cluster URL [--coordinator HOST:PORT] [--store DIR] ...}
 * (the coordinator defaults to the one {@code ./treelet cluster up} starts, 127.0.0.1:7070):
 * renders on a Flink cluster that already runs, with a coordinator beside it. The scene is prepared
 * into the treelet store (a folder every task manager and the coordinator can read: a shared file
 * system on several machines), registered with the coordinator, and the job graph submitted through
 * the REST API with the job jar attached (as {@code flink run} does). It waits for the job, shows
 * progress from the coordinator, and prints the same summary line as {@code render}. The image is
 * written by the sink, on a task manager, to --out (so that path must be shared too); checkpoints (every
 * --checkpoint-interval seconds, default 10) go to the store's checkpoints folder.
 */
final class SubmitCommand {
  static final Set<String> OPTIONS = RenderCommand.union(RenderCommand.OPTIONS,
      Set.of("cluster", "coordinator", "store", "jar"));

  private SubmitCommand() {}

  static void run(Args args) throws Exception {
    String cluster = args.string("cluster", null);
    if (args.positional().size() != 1 || cluster == null) {
      throw new Args.UsageException("usage: ./treelet submit SCENE.pbrt --cluster http://127.0.0.1:8081 [--coordinator"
          + " 127.0.0.1:7070] [--store DIR] [--out FILE] [--spp N] [--workers K] ... (./treelet cluster up starts both)");
    }
    LoopSettings loop = RenderCommand.loopSettings(args);
    ClusterLayout layout = ClusterLayout.defaults(ClusterLayout.installation(), 1);
    // Default: the coordinator ./treelet cluster up starts beside the cluster.
    String coordinator = args.string("coordinator", layout.coordinatorAddress());
    Path jar = Path.of(args.string("jar", layout.jobJar().toString()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("the job jar " + jar + " is missing; build it with: mvn -B -ntp package"
          + " -DskipTests");
    }
    URI rest = URI.create(cluster);
    if (rest.getHost() == null || rest.getPort() < 0) {
      throw new Args.UsageException("--cluster must be the REST address, e.g. http://127.0.0.1:8081, got " + cluster);
    }
    int workers = args.intValue("workers", 2, 1);
    int slots;
    try {
      slots = RestOverview.slots(cluster);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("no Flink cluster answers at " + cluster + " (" + e + "); start"
          + " one with ./treelet cluster up, or check the address", e);
    }
    if (slots < workers) {
      throw new IllegalArgumentException("the cluster at " + cluster + " has " + slots + " slots but --workers "
          + workers + " needs " + workers + "; add task managers (./treelet cluster up --taskmanagers " + workers
          + ") or ask for fewer workers");
    }
    Path store = Path.of(args.string("store", layout.dir().resolve("store").toString()));
    try (SceneInput scene = SceneInput.of(args, store)) {
      RenderLaunch.Options o = RenderCommand.options(args, scene.out().toAbsolutePath(), loop, workers);
      RenderAllocation.Registered render = RenderAllocation.register(scene.prepared(), o, coordinator);
      RenderSpec spec = render.spec();
      // Checkpoints go beside the treelets, in the store every task manager can already reach: a
      // render that loses a task manager goes on from its last checkpoint, not from the start.
      Configuration config = RenderJob.configuration(Duration.ofSeconds(args.intValue("checkpoint-interval", 10, 1)),
          store.resolve("checkpoints").toAbsolutePath().toUri().toString());
      config.set(RestOptions.ADDRESS, rest.getHost());
      config.set(RestOptions.PORT, rest.getPort());
      JobGraph graph = RenderLaunch.graphOf(config, spec);
      graph.addJar(new org.apache.flink.core.fs.Path(jar.toAbsolutePath().toUri()));
      try (RestClusterClient<StandaloneClusterId> client = new RestClusterClient<>(config,
          StandaloneClusterId.getInstance())) {
        long start = System.nanoTime();
        JobID job;
        try {
          job = JobRun.submit(client, graph);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalArgumentException("the Flink cluster at " + cluster + " did not take the job ("
              + JobFailedException.rootCause(e) + "); is it up? ./treelet cluster status", e);
        }
        System.err.println("submitted job " + job + " to " + cluster + "; coordinator " + coordinator);
        JobRun.Outcome outcome = JobRun.await(client, job, RenderProgress.remote(coordinator), start, true);
        System.err.println("wrote " + o.output());
        System.out.println(RenderLaunch.summary(outcome, spec, render.treelets()));
      }
    }
  }
}
