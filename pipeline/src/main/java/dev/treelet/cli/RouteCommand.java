package dev.treelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.treelet.coordinator.protocol.RouteRequest;
import dev.treelet.coordinator.server.CoordinatorClient;
import dev.treelet.tracer.cli.Args;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code treelet route --coordinator HOST:PORT show | pin T W[,W...] | add T W | remove T W | drain W |
 * release treelet T | release worker W}: routing by hand on a running render, through the
 * coordinator's {@code POST /route} (the same control stream as its own decisions). A refused change
 * prints the coordinator's reason and exits 2; the render carries on either way.
 */
final class RouteCommand {
  static final Set<String> OPTIONS = Set.of("coordinator");
  static final String USAGE = "route --coordinator HOST:PORT show | pin T W[,W...] | add T W | remove T W"
      + " | drain W | release treelet T | release worker W";

  private RouteCommand() {}

  static void run(Args args) throws Exception {
    String address = args.string("coordinator", null);
    List<String> p = args.positional();
    if (address == null || p.isEmpty()) {
      throw new Args.UsageException("usage: ./treelet " + USAGE
          + "\n(the coordinator's address is printed when a render starts)");
    }
    CoordinatorClient client = new CoordinatorClient(address);
    try {
      if (p.get(0).equals("show")) {
        Object map = new ObjectMapper().readValue(client.get("/map"), Object.class);
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(map));
        return;
      }
      String answer = client.post("/route", request(p));
      System.out.println(answer);
    } catch (java.net.ConnectException e) {
      throw new Args.UsageException("no coordinator answers at " + address + "; is the render still running? "
          + "(its address is printed when it starts)");
    }
  }

  static RouteRequest request(List<String> p) {
    String op = p.get(0);
    return switch (op) {
      case "pin" -> {
        expect(p, 3);
        yield new RouteRequest(op, number(p.get(1), "treelet"), null,
            Arrays.stream(p.get(2).split(",")).mapToInt(w -> number(w, "worker")).toArray());
      }
      case "add", "remove" -> {
        expect(p, 3);
        yield new RouteRequest(op, number(p.get(1), "treelet"), number(p.get(2), "worker"), null);
      }
      case "drain" -> {
        expect(p, 2);
        yield new RouteRequest(op, null, number(p.get(1), "worker"), null);
      }
      case "release" -> {
        expect(p, 3);
        boolean treelet = p.get(1).equals("treelet");
        if (!treelet && !p.get(1).equals("worker")) {
          throw new Args.UsageException("release what? \"release treelet T\" or \"release worker W\"");
        }
        int id = number(p.get(2), p.get(1));
        yield new RouteRequest(op, treelet ? id : null, treelet ? null : id, null);
      }
      default -> throw new Args.UsageException("unknown route op \"" + op + "\"; usage: ./treelet " + USAGE);
    };
  }

  private static void expect(List<String> p, int n) {
    if (p.size() != n) {
      throw new Args.UsageException("route " + p.get(0) + " takes " + (n - 1) + " argument(s); usage: ./treelet "
          + USAGE);
    }
  }

  private static int number(String s, String what) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new Args.UsageException(what + " must be a number, got \"" + s + "\"");
    }
  }
}
