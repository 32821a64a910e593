package dev.treelet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.treelet.coordinator.protocol.RouteRequest;
import dev.treelet.tracer.cli.Args;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteCommandTest {
  @Test
  void argumentsBecomeTheCoordinatorsRequests() {
    RouteRequest pin = RouteCommand.request(List.of("pin", "3", "0,2"));
    assertEquals("pin", pin.op());
    assertEquals(3, pin.treelet());
    assertArrayEquals(new int[] {0, 2}, pin.workers());
    assertEquals(new RouteRequest("release", null, 1, null).toString(),
        RouteCommand.request(List.of("release", "worker", "1")).toString());
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertEquals("worker must be a number, got \"x\"",
        assertThrows(Args.UsageException.class, () -> RouteCommand.request(List.of("add", "1", "x"))).getMessage());
    assertThrows(Args.UsageException.class, () -> RouteCommand.request(List.of("drain")));
    assertThrows(Args.UsageException.class, () -> RouteCommand.request(List.of("move", "1", "2")));
  }

  @Test
  void aCoordinatorThatIsGoneIsSaidSo() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    int code = TreeletCli.run(new String[] {"route", "--coordinator", "127.0.0.1:" + port, "drain", "0"});
    assertEquals(2, code);
  }
}
