package dev.treelet.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster on loopback, started from the Maven Central jars: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and N TaskManagers ({@code TaskManagerRunner}), each
 * its own JVM, plus the coordinator as its own process; a {@link Supervisor} keeps each TaskManager
 * and the coordinator running. {@code up} returns once the REST API reports every TaskManager's slot
 * and the coordinator answers; the processes it started are listed in {@code dir/processes}
 * ({@code role=... pid=...}) for {@code status} and {@code down}, a supervised process's current pid
 * in {@code dir/run/NAME.pid}.
 */
public final class LocalCluster {
  /** One process up started. */
  public record Started(String role, long pid, Path log) {
    String line() {
      return "role=" + role + " pid=" + pid;
    }
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String JOBMANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASKMANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String SUPERVISOR = "supervisor";

  private LocalCluster() {}

  /** Starts the cluster and the coordinator; on any failure stops what it started and says what to do. */
  public static List<Started> up(ClusterLayout l, PrintStream err) throws IOException, InterruptedException {
    if (!alive(l).isEmpty() || !recorded(l).isEmpty()) {
      throw new ClusterException("a cluster is already up (./treelet cluster status); ./treelet cluster down first");
    }
    if (!Files.isDirectory(l.flinkLib())) {
      throw new ClusterException("Flink's jars are not in " + l.flinkLib() + "; build them with: mvn -B -ntp package"
          + " -DskipTests");
    }
    for (int port : new int[] {l.restPort(), l.rpcPort(), l.coordinatorPort()}) {
      requireFree(port);
    }
    FlinkConfigFile.write(l);
    Files.createDirectories(l.run());
    List<Started> started = new ArrayList<>();
    try {
      started.add(start(l, "jobmanager", "jobmanager", flink(l, FlinkConfigFile.jobManagerJvm(), JOBMANAGER,
          "jobmanager")));
      for (int i = 1; i <= l.taskManagers(); i++) {
        String name = "taskmanager-" + i;
        started.add(start(l, SUPERVISOR, name, supervised(l, name, flink(l, FlinkConfigFile.taskManagerJvm(),
            TASKMANAGER, name))));
      }
      started.add(start(l, SUPERVISOR, "coordinator", supervised(l, "coordinator", coordinator(l))));
      record(l, started);
      err.println("waiting for " + l.taskManagers() + " task manager slots at " + l.restUrl() + " ...");
      awaitSlots(l, started);
      awaitListening(l.coordinatorPort(), started);
      return alive(l);
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop(started);
      Files.deleteIfExists(l.processes());
      throw e;
    }
  }

  /**
   * Stops every process up started (politely, then by force): the supervisors first, so that none
   * starts its TaskManager again, then what is left. Returns what was running (as status lists it).
   */
  public static List<Started> down(ClusterLayout l) throws IOException {
    List<Started> shown = alive(l);
    stop(recorded(l).stream().filter(s -> s.role().equals(SUPERVISOR)).toList());
    stop(alive(l)); // the JobManager, and anything whose supervisor had to be killed
    Files.deleteIfExists(l.processes());
    return shown;
  }

  /**
   * What runs, in the order started, as status shows it: the JobManager, each TaskManager, the
   * coordinator; for a supervised process its current pid (none while its supervisor waits to start it
   * again).
   */
  public static List<Started> alive(ClusterLayout l) throws IOException {
    List<Started> out = new ArrayList<>();
    for (Started s : records(l)) {
      if (!s.role().equals(SUPERVISOR)) {
        handle(s, l).ifPresent(h -> out.add(s));
        continue;
      }
      String name = s.log().getFileName().toString().replaceFirst("\\.out$", "");
      try {
        long pid = Long.parseLong(Files.readString(l.pidFile(name)).strip());
        Started running = new Started(name.replaceFirst("-\\d+$", ""), pid, s.log()); // taskmanager-2: a taskmanager
        handle(running, l).ifPresent(h -> out.add(running));
      } catch (IOException | NumberFormatException noPidYet) {
        // the supervisor has not started its process yet
      }
    }
    return out;
  }

  /** The REST address of the cluster in l's folder: the port it was started with, not l's default. */
  public static String restUrl(ClusterLayout l) throws IOException {
    return FlinkConfigFile.restPort(l).stream().mapToObj(port -> "http://" + ClusterLayout.HOST + ":" + port)
        .findFirst().orElse(l.restUrl());
  }

  /** The processes up started itself (supervisors, not their TaskManagers) that still run. */
  private static List<Started> recorded(ClusterLayout l) throws IOException {
    List<Started> out = new ArrayList<>();
    for (Started s : records(l)) {
      handle(s, l).ifPresent(h -> out.add(s));
    }
    return out;
  }

  private static List<Started> records(ClusterLayout l) throws IOException {
    List<Started> out = new ArrayList<>();
    if (!Files.exists(l.processes())) {
      return out;
    }
    for (String line : Files.readAllLines(l.processes())) {
      String[] f = line.split(" ", 3); // role=R pid=N log=PATH (the path may hold spaces)
      if (f.length < 3) {
        continue;
      }
      out.add(new Started(f[0].substring("role=".length()), Long.parseLong(f[1].substring("pid=".length())),
          Path.of(f[2].substring("log=".length()))));
    }
    return out;
  }

  private static Started start(ClusterLayout l, String role, String name, List<String> command) throws IOException {
    Path log = l.logs().resolve(name + ".out");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Started(role, p.pid(), log);
  }

  private static List<String> flink(ClusterLayout l, List<String> jvm, String main, String name) {
    List<String> c = new ArrayList<>(List.of(java(), "-Dtreelet.cluster=" + l.dir().toAbsolutePath(),
        "-Dlog.file=" + l.logs().resolve(name + ".log").toAbsolutePath(),
        "-Dlog4j.configurationFile=" + l.conf().resolve("log4j2.properties").toAbsolutePath()));
    c.addAll(jvm);
    c.addAll(List.of("-cp", l.flinkLib().toAbsolutePath() + "/*", main, "--configDir", l.conf().toAbsolutePath()
        .toString()));
    return c;
  }

  /** command run under a {@link Supervisor} (from the launcher's own classes, like the coordinator). */
  private static List<String> supervised(ClusterLayout l, String name, List<String> command) {
    List<String> c = new ArrayList<>(List.of(java(), "-Dtreelet.cluster=" + l.dir().toAbsolutePath(),
        "-Xmx32m", "-XX:+UseSerialGC", "-cp", // it only waits on a child: a small heap, no GC threads
        l.home().resolve("pipeline/target/classes").toString(), Supervisor.class.getName(),
        l.pidFile(name).toAbsolutePath().toString()));
    c.addAll(command);
    return c;
  }

  private static List<String> coordinator(ClusterLayout l) {
    Path pipeline = l.home().resolve("pipeline/target");
    return List.of(java(), "-Dtreelet.cluster=" + l.dir().toAbsolutePath(), "-Dtreelet.home=" + l.home(),
        "-cp", pipeline.resolve("classes") + ":" + pipeline.resolve("lib") + "/*", "dev.treelet.cli.TreeletCli",
        "coordinator", "--host", ClusterLayout.HOST, "--port", String.valueOf(l.coordinatorPort()));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void record(ClusterLayout l, List<Started> started) throws IOException {
    StringBuilder s = new StringBuilder();
    for (Started p : started) {
      s.append(p.line()).append(" log=").append(p.log()).append('\n');
    }
    Files.writeString(l.processes(), s);
  }

  /** The running process, if pid is still the one up started (it carries the cluster's directory). */
  private static Optional<ProcessHandle> handle(Started s, ClusterLayout l) {
    String marker = "-Dtreelet.cluster=" + l.dir().toAbsolutePath();
    return ProcessHandle.of(s.pid()).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(true));
  }

  private static void stop(List<Started> started) {
    List<ProcessHandle> handles = new ArrayList<>();
    for (int i = started.size() - 1; i >= 0; i--) { // task managers and coordinator before the job manager
      ProcessHandle.of(started.get(i).pid()).ifPresent(h -> {
        h.destroy();
        handles.add(h);
      });
    }
    for (ProcessHandle h : handles) {
      try {
        h.onExit().get(20, TimeUnit.SECONDS); // a supervisor gives its TaskManager 15 s
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }

  private static void requireFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(ClusterLayout.HOST, port));
    } catch (IOException e) {
      throw new ClusterException("port " + port + " on " + ClusterLayout.HOST + " is in use (another cluster? try"
          + " ./treelet cluster status); free it or choose another port");
    }
  }

  /** Polls the REST API's overview until every task manager has registered its slot. */
  private static void awaitSlots(ClusterLayout l, List<Started> started) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      checkRunning(started);
      try {
        if (RestOverview.slots(l.restUrl()) >= l.taskManagers()) {
          return;
        }
      } catch (IOException notYet) {
        // the REST endpoint is not up yet
      }
      if (System.nanoTime() > deadline) {
        throw new ClusterException("the cluster did not report " + l.taskManagers() + " slots within "
            + START_TIMEOUT.toSeconds() + " s; see the logs in " + l.logs());
      }
      Thread.sleep(250); // polling a process that is starting up; nothing to wait on
    }
  }

  private static void awaitListening(int port, List<Started> started) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      checkRunning(started);
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(ClusterLayout.HOST, port), 1000);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new ClusterException("the coordinator did not listen on port " + port + " within "
              + START_TIMEOUT.toSeconds() + " s");
        }
      }
      Thread.sleep(100);
    }
  }

  private static void checkRunning(List<Started> started) {
    for (Started s : started) {
      if (ProcessHandle.of(s.pid()).map(h -> !h.isAlive()).orElse(true)) {
        String what = s.role().equals(SUPERVISOR) ? "supervisor of " + s.log().getFileName() : s.role();
        throw new ClusterException("the " + what + " (pid " + s.pid() + ") exited while starting; see " + s.log());
      }
    }
  }

  /** A cluster operation that cannot go on, with what to do about it. */
  public static final class ClusterException extends RuntimeException {
    ClusterException(String message) {
      super(message);
    }
  }
}
