package dev.treelet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real processes (sleep and false standing in for a TaskManager or the coordinator). */
class SupervisorTest {
  @TempDir
  Path dir;

  private static RestartBackoff quick(int giveUp) {
    return new RestartBackoff(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMinutes(1), giveUp);
  }

  private static CompletableFuture<Integer> running(Supervisor s) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return s.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The pid the supervisor last wrote, once it is not the one given (polled: another process writes it). */
  private static long awaitPidOtherThan(Path pidFile, long old) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        if (pid != old && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          return pid;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the supervisor did not start a new process");
  }

  @Test
  void aKilledProcessIsStartedAgainAndStopEndsItForGood() throws Exception {
    Path pidFile = dir.resolve("tm.pid");
    Supervisor s = new Supervisor(pidFile, List.of("sleep", "600"), quick(100));
    CompletableFuture<Integer> run = running(s);
    long first = awaitPidOtherThan(pidFile, -1);
    ProcessHandle.of(first).orElseThrow().destroyForcibly(); // kill -9, as a crash would
    long second = awaitPidOtherThan(pidFile, first);
    assertNotEquals(first, second);

    s.stop();
    assertEquals(0, run.get(30, TimeUnit.SECONDS));
    assertFalse(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false), "stop left the process running");
    assertEquals(second, Long.parseLong(Files.readString(pidFile).strip()), "nothing was started after stop");
  }

  @Test
  void aProcessThatCannotStartIsGivenUpOn() throws Exception {
    Supervisor s = new Supervisor(dir.resolve("tm.pid"), List.of("false"), quick(3));
    assertEquals(1, running(s).get(30, TimeUnit.SECONDS));
    assertTrue(Files.exists(dir.resolve("tm.pid")));
  }
}
