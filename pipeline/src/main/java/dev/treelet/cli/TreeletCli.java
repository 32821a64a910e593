package dev.treelet.cli;

import dev.treelet.tracer.cli.Args;
import dev.treelet.tracer.cli.BenchTraversalCommand;
import dev.treelet.tracer.cli.PrepareCommand;
import dev.treelet.tracer.cli.RenderLocalCommand;
import dev.treelet.coordinator.allocation.PlacementException;
import dev.treelet.tracer.scene.pbrt.SceneError;
import java.util.Arrays;
import java.util.Set;

/** The ./treelet command: dispatches subcommands; user errors print one line and exit 2. */
public final class TreeletCli {
  private static final String USAGE = """
      usage: ./treelet COMMAND ...
        render SCENE.pbrt|PREPARED_DIR [--out FILE.exr|png|pfm] [--spp N] [--seed S] [--workers K]
                                  [--treelet-bytes B] [--worker-memory BYTES] [--checkpoint-interval SECONDS]
                                  [--policy static|dynamic] [--protocol leases|barriers]
                                  (a Flink job on an embedded cluster; --local [--threads T]: in this process)
        prepare SCENE.pbrt DIR [--treelet-bytes B] [--threads T]
        bench traversal SCENE.pbrt [--rays camera|incoherent] [--count M] [--dump DIR] [--repeats R]
        bench job SCENE.pbrt [--spp N] [--workers K] [--treelet-bytes B] [--worker-memory BYTES] [--rounds R]
        bench allocation SCENE.pbrt [--spp N] [--workers K] [--treelet-bytes B] [--worker-memory BYTES]
                                    [--protocol leases|barriers] [--rounds R]
        generate terrain OUT.pbrt [--triangles N] [--seed S]
        simulate [--workers N] [--treelets T] [--skew S] [--seed X]
        submit SCENE.pbrt|PREPARED_DIR --cluster http://127.0.0.1:8081 [--coordinator 127.0.0.1:7070] [--store DIR]
                                  [--out FILE] [--spp N] [--seed S] [--workers K] [--treelet-bytes B] ...
        cluster up [--taskmanagers N] [--rest-port 8081] [--rpc-port 6123] [--coordinator-port 7070] | down | status
                                  [--dir DIR]   (a Flink session cluster and the coordinator, on loopback)
        coordinator [--host 127.0.0.1] [--port 7070] [--zookeeper HOST:PORT [--ha-root /treelet] [--advertise HOST:PORT]]
        route --coordinator HOST:PORT show | pin T W[,W...] | add T W | remove T W | drain W | release treelet T|worker W
      """;

  private TreeletCli() {}

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
      System.out.print(USAGE);
      return argv.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
    try {
      switch (argv[0]) {
        case "render" -> {
          RenderCommand.run(new Args("render", rest, RenderCommand.OPTIONS, RenderLocalCommand.FLAGS));
        }
        case "prepare" -> PrepareCommand.run(new Args("prepare", rest, PrepareCommand.OPTIONS, Set.of()));
        case "bench" -> {
          if (rest.length > 0 && rest[0].equals("allocation")) {
            BenchAllocationCommand.run(new Args("bench allocation", Arrays.copyOfRange(rest, 1, rest.length),
                BenchAllocationCommand.OPTIONS, Set.of()));
            return 0;
          }
          if (rest.length > 0 && rest[0].equals("job")) {
            BenchJobCommand.run(new Args("bench job", Arrays.copyOfRange(rest, 1, rest.length), BenchJobCommand.OPTIONS,
                Set.of()));
            return 0;
          }
          if (rest.length == 0 || !rest[0].equals("traversal")) {
            throw new Args.UsageException("bench: the benchmarks are \"bench traversal SCENE\", \"bench job SCENE\" and"
                + " \"bench allocation SCENE\"");
          }
          BenchTraversalCommand.run(new Args("bench traversal", Arrays.copyOfRange(rest, 1, rest.length),
              BenchTraversalCommand.OPTIONS, Set.of()));
        }
        case "generate" -> {
          if (rest.length < 2 || !rest[0].equals("terrain")) {
            throw new Args.UsageException("generate: the generator is \"generate terrain OUT.pbrt [--triangles N]\"");
          }
          Args a = new Args("generate terrain", Arrays.copyOfRange(rest, 1, rest.length), Set.of("triangles", "seed"),
              Set.of());
          java.nio.file.Path out = java.nio.file.Path.of(a.positional().get(0));
          long n = dev.treelet.tracer.scene.generate.TerrainGenerator.write(out, a.longValue("triangles", 1_000_000),
              a.longValue("seed", 1));
          System.err.println("wrote " + out + " with " + n + " triangles");
        }
        case "route" -> RouteCommand.run(new Args("route", rest, RouteCommand.OPTIONS, Set.of()));
        case "submit" -> SubmitCommand.run(new Args("submit", rest, SubmitCommand.OPTIONS, Set.of()));
        case "cluster" -> {
          return ClusterCommand.run(new Args("cluster", rest, ClusterCommand.OPTIONS, Set.of()));
        }
        case "coordinator" -> CoordinatorCommand.run(new Args("coordinator", rest, CoordinatorCommand.OPTIONS, Set.of()));
        case "simulate" -> SimulateCommand.run(new Args("simulate", rest, SimulateCommand.OPTIONS, Set.of()));
        default -> throw new Args.UsageException("unknown command \"" + argv[0] + "\"\n" + USAGE);
      }
      return 0;
    } catch (Args.UsageException | SceneError | PlacementException | IllegalArgumentException | java.io.IOException
        | java.io.UncheckedIOException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("error: " + e);
      e.printStackTrace();
      return 1;
    }
  }
}
