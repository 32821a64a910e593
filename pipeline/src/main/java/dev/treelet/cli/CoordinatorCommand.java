package dev.treelet.cli;

import dev.treelet.coordinator.server.AccessToken;
import dev.treelet.coordinator.server.CoordinatorServer;
import dev.treelet.pipeline.HighAvailability;
import dev.treelet.pipeline.RenderAllocation;
import dev.treelet.tracer.cli.Args;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code treelet coordinator [--host 127.0.0.1] [--port 7070] [--zookeeper HOST:PORT [--ha-root /treelet]
 * [--advertise HOST:PORT]]}: the coordinator as its own process, beside a Flink cluster. It serves the
 * render {@code ./treelet submit} registers ({@code POST /render}), one at a time, until it is
 * stopped (SIGTERM or Ctrl-C). With --zookeeper it is one of several: the elected leader serves, the
 * others stand by (see {@link HighAvailability}); give the job all their addresses, comma-separated.
 */
final class CoordinatorCommand {
  static final Set<String> OPTIONS = Set.of("host", "port", "zookeeper", "ha-root", "advertise");

  private CoordinatorCommand() {}

  static void run(Args args) throws Exception {
    String host = args.string("host", "127.0.0.1");
    int port = args.intValue("port", 7070, 0);
    String zookeeper = args.string("zookeeper", null);
    HighAvailability ha = zookeeper == null ? null : new HighAvailability(zookeeper, args.string("ha-root", "/treelet"));
    CoordinatorServer server = CoordinatorServer.standalone(ha == null ? RenderAllocation::open : ha::open, host, port,
        AccessToken.fromEnvironment());
    if (ha != null) {
      ha.join(server, args.string("ha-root", "/treelet"), args.string("advertise", server.address()));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      if (ha != null) {
        try {
          ha.close();
        } catch (Exception e) {
          // leaving anyway; ZooKeeper ends the session when it times out
        }
      }
      stopped.countDown();
    }, "coordinator-shutdown"));
    System.err.println("coordinator listening on http://" + server.address() + "; waiting for ./treelet submit");
    stopped.await();
  }
}
