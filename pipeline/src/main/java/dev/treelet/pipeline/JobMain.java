package dev.treelet.pipeline;

import dev.treelet.tracer.render.PreparedSceneFiles;
import dev.treelet.tracer.scene.SceneShading;
import java.nio.file.Path;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job jar's entry point, for a Flink cluster that already runs (flink run / REST /jars/run):
 * {@code --prepared DIR --coordinator HOST:PORT --out FILE --workers K [--spp N] [--seed S]
 * [--worker-memory BYTES]}. The prepared folder and the output path must be reachable from every
 * task manager; the coordinator must already run with the same prepared scene.
 */
public final class JobMain {
  private JobMain() {}

  public static void main(String[] args) throws Exception {
    ParameterTool p = ParameterTool.fromArgs(args);
    Path prepared = Path.of(p.getRequired("prepared"));
    RenderLaunch.Options o = RenderLaunch.Options.defaults(Path.of(p.getRequired("out")), p.getInt("workers", 2))
        .withSpp(p.getInt("spp", 0)).withSeed(p.getLong("seed", 0));
    PreparedSceneFiles.Opened scene = PreparedSceneFiles.open(prepared, o.seed());
    SceneShading shading = scene.shading();
    long budget = p.has("worker-memory") ? p.getLong("worker-memory") : scene.treelets().totalBytes();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(RenderJob.configuration(null, null));
    RenderJob.build(env, RenderLaunch.spec(prepared, shading, o, budget, p.getRequired("coordinator")));
    env.execute("treelet render " + prepared.getFileName());
  }
}
