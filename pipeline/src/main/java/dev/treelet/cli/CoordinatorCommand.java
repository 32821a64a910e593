package dev.treelet.cli;

import dev.treelet.coordinator.server.AccessToken;
import dev.treelet.coordinator.server.CoordinatorServer;
import dev.treelet.pipeline.RenderAllocation;
import dev.treelet.tracer.cli.Args;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code treelet coordinator [--host 127.0.0.1] [--port 7070]}: the coordinator as its own process,
 * beside a Flink cluster. It serves the render {@code ./treelet submit} registers ({@code POST
 * /render}), one at a time, until it is stopped (SIGTERM or Ctrl-C).
 */
final class CoordinatorCommand {
  static final Set<String> OPTIONS = Set.of("host", "port");

  private CoordinatorCommand() {}

  static void run(Args args) throws Exception {
    String host = args.string("host", "127.0.0.1");
    int port = args.intValue("port", 7070, 0);
    CoordinatorServer server = CoordinatorServer.standalone(RenderAllocation::open, host, port, AccessToken.fromEnvironment());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "coordinator-shutdown"));
    System.err.println("coordinator listening on http://" + server.address() + "; waiting for ./treelet submit");
    stopped.await();
  }
}
