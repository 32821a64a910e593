package dev.treelet.cli;

import dev.treelet.cluster.ClusterLayout;
import dev.treelet.cluster.LocalCluster;
import dev.treelet.tracer.cli.Args;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code treelet cluster up [--taskmanagers N] [--rest-port P] [--rpc-port P] [--coordinator-port P] |
 * down | status}, each with {@code [--dir DIR]} (where the cluster keeps its configuration, logs and
 * list of processes; default deploy/target/cluster): a standalone Flink session cluster on loopback
 * with the coordinator beside it (see {@link LocalCluster}). {@code up} and {@code status} print one line per process,
 * {@code role=jobmanager|taskmanager|coordinator pid=N}, then the REST address.
 */
final class ClusterCommand {
  static final Set<String> OPTIONS = Set.of("taskmanagers", "rest-port", "rpc-port", "coordinator-port", "dir");
  static final String USAGE = "cluster up [--taskmanagers N] [--rest-port 8081] [--rpc-port 6123]"
      + " [--coordinator-port 7070] | down | status   (each takes [--dir DIR], default deploy/target/cluster)";

  private ClusterCommand() {}

  /** The exit status: 0, or 1 for status when no cluster is up. */
  static int run(Args args) throws Exception {
    List<String> p = args.positional();
    if (p.size() != 1) {
      throw new Args.UsageException("usage: ./treelet " + USAGE);
    }
    ClusterLayout d = ClusterLayout.defaults(ClusterLayout.installation(), args.intValue("taskmanagers", 2, 1));
    ClusterLayout l = new ClusterLayout(d.home(), Path.of(args.string("dir", d.dir().toString())), d.taskManagers(), args.intValue("rest-port", d.restPort(), 1),
        args.intValue("rpc-port", d.rpcPort(), 1), args.intValue("coordinator-port", d.coordinatorPort(), 1));
    try {
      switch (p.get(0)) {
        case "up" -> {
          print(LocalCluster.up(l, System.err), l.restUrl());
          System.err.println("coordinator at " + l.coordinatorAddress() + "; render on it with ./treelet submit SCENE"
              + " --cluster " + l.restUrl() + " --coordinator " + l.coordinatorAddress());
        }
        case "down" -> {
          List<LocalCluster.Started> stopped = LocalCluster.down(l);
          System.err.println(stopped.isEmpty() ? "no cluster was up" : "stopped " + stopped.size() + " processes");
        }
        case "status" -> {
          List<LocalCluster.Started> up = LocalCluster.alive(l);
          if (up.isEmpty()) {
            System.err.println("no cluster is up; ./treelet cluster up starts one");
            return 1;
          }
          print(up, LocalCluster.restUrl(l));
        }
        default -> throw new Args.UsageException("usage: ./treelet " + USAGE);
      }
    } catch (LocalCluster.ClusterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return 0;
  }

  private static void print(List<LocalCluster.Started> processes, String restUrl) {
    for (LocalCluster.Started s : processes) {
      System.out.println("role=" + s.role() + " pid=" + s.pid());
    }
    System.out.println(restUrl);
  }
}
