package dev.treelet.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one process of a {@code cluster up} cluster running: a TaskManager or the coordinator.
 * {@code cluster down} stops the supervisors, which stop their processes. A process that exits
 * otherwise is started again ({@link RestartBackoff} says when): a render fails over onto a restarted
 * TaskManager from its last checkpoint instead of waiting for slots that never come back (Flink
 * restarts the job, not the process; on Kubernetes the kubelet does this part), and a restarted
 * coordinator takes new renders (a render already running goes on with its last map: README, Faults).
 *
 * <p>Usage: {@code Supervisor PID_FILE COMMAND...}. The process's current pid is kept in PID_FILE (for
 * {@code cluster status}); the process writes to the supervisor's own output, where the supervisor
 * also says when it restarts it.
 */
public final class Supervisor {
  private final Path pidFile;
  private final List<String> command;
  private final RestartBackoff backoff;
  private final Object lock = new Object();
  private Process child; // guarded by lock
  private boolean stopping; // guarded by lock

  Supervisor(Path pidFile, List<String> command, RestartBackoff backoff) {
    this.pidFile = pidFile;
    this.command = command;
    this.backoff = backoff;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Supervisor PID_FILE COMMAND...");
      System.exit(2);
    }
    Supervisor s = new Supervisor(Path.of(args[0]), List.of(args).subList(1, args.length),
        RestartBackoff.standard());
    Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "supervisor-stop"));
    System.exit(s.run());
  }

  /** Runs the command until {@link #stop}; returns 1 if it gave up on a command that cannot start. */
  int run() throws IOException, InterruptedException {
    while (true) {
      Process p;
      synchronized (lock) {
        if (stopping) {
          return 0;
        }
        p = new ProcessBuilder(command).inheritIO().start();
        child = p;
      }
      writePid(p.pid());
      long began = System.nanoTime();
      int status = p.waitFor();
      Duration ran = Duration.ofNanos(System.nanoTime() - began);
      synchronized (lock) {
        if (stopping) {
          return 0;
        }
      }
      Optional<Duration> delay = backoff.next(ran);
      if (delay.isEmpty()) {
        say("pid " + p.pid() + " exited with status " + status + "; " + backoff.givingUp() + ": giving up (see the"
            + " output above)");
        return 1;
      }
      say("pid " + p.pid() + " exited with status " + status + " after " + ran.toSeconds() + " s; starting it again in "
          + delay.get().toMillis() + " ms");
      awaitStopOr(delay.get());
    }
  }

  /** Stops the command and does not start it again (the shutdown hook: cluster down sends SIGTERM). */
  void stop() {
    Process p;
    synchronized (lock) {
      stopping = true;
      p = child;
      lock.notifyAll();
    }
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitStopOr(Duration delay) throws InterruptedException {
    long deadline = System.nanoTime() + delay.toNanos();
    synchronized (lock) {
      for (long left = delay.toNanos(); !stopping && left > 0; left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  private void writePid(long pid) throws IOException {
    Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
    Files.writeString(tmp, pid + "\n");
    Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void say(String message) {
    System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " supervisor: " + message);
    System.out.flush();
  }
}
