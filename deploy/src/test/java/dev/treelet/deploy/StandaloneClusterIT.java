package dev.treelet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-cluster path as a user runs it, through the CLI: {@code cluster up} (a JobManager, two
 * TaskManagers and the coordinator, each its own JVM), {@code submit} of a shipped scene cut into
 * treelets no worker can hold all of, then {@code cluster down}. The image must equal the
 * single-process render of the same seed byte for byte, with exactly spp samples in every pixel, and
 * no process may be left behind.
 */
@Tag("cluster")
class StandaloneClusterIT {
  private static final Path HOME = Path.of(System.getProperty("treelet.repo", "..")).toAbsolutePath().normalize();
  private static final Pattern SUMMARY =
      Pattern.compile("pixels=(\\d+) samples=(\\d+) min_spp=(\\d+) max_spp=(\\d+) .* ray_hops_per_sample=([0-9.]+)");

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  /** ./treelet with args, started as the launcher does (without its build step: Maven built everything). */
  private record Running(Process process, Path out, Path err, String what) {
    Run finish() throws IOException, InterruptedException {
      assertTrue(process.waitFor(10, TimeUnit.MINUTES), what + " did not finish");
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
  }

  private Running start(String... args) throws IOException {
    Path target = HOME.resolve("pipeline/target");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules=jdk.incubator.vector", "-Dtreelet.home=" + HOME, "-cp",
        target.resolve("classes") + ":" + target.resolve("lib") + "/*", "dev.treelet.cli.TreeletCli"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    return new Running(p, out, err, "treelet " + String.join(" ", args));
  }

  private Run treelet(String... args) throws IOException, InterruptedException {
    return start(args).finish();
  }

  /** A render of the 256x256 cornell-box that succeeded with exactly spp samples in every pixel; its summary. */
  private static Matcher exactSummary(Run render, int spp) {
    assertEquals(0, render.code(), render.err());
    Matcher m = SUMMARY.matcher(render.out());
    assertTrue(m.find(), "summary line: " + render.out());
    assertEquals(256L * 256 * spp, Long.parseLong(m.group(2)));
    assertEquals(String.valueOf(spp), m.group(3));
    assertEquals(String.valueOf(spp), m.group(4));
    return m;
  }

  /** role=R pid=N lines, in order, as up and status print them. */
  private static List<String[]> processes(String out) {
    Matcher m = Pattern.compile("role=(\\w+) pid=(\\d+)").matcher(out);
    List<String[]> found = new ArrayList<>();
    while (m.find()) {
      found.add(new String[] {m.group(1), m.group(2)});
    }
    return found;
  }

  /** The pid of the one process with role in up's or status's output, or -1. */
  private static long pidOf(String out, String role) {
    return processes(out).stream().filter(p -> p[0].equals(role)).mapToLong(p -> Long.parseLong(p[1])).findFirst()
        .orElse(-1);
  }

  /** Processes still running that belong to the cluster in clusterDir (they carry it on their command line). */
  private static List<ProcessHandle> leftOver(String clusterDir) {
    String marker = "-Dtreelet.cluster=" + Path.of(clusterDir).toAbsolutePath();
    return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().map(c -> c.contains(marker))
        .orElse(false)).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aSubmittedRenderEqualsTheSingleProcessRenderAndDownLeavesNothingBehind() throws Exception {
    String clusterDir = dir.resolve("cluster").toString();
    int rest = freePort();
    int coordinator = freePort();
    long began = System.nanoTime();
    Run up = treelet("cluster", "up", "--taskmanagers", "2", "--dir", clusterDir, "--rest-port", String.valueOf(rest),
        "--rpc-port", String.valueOf(freePort()), "--coordinator-port", String.valueOf(coordinator));
    List<Long> pids = new ArrayList<>();
    try {
      assertEquals(0, up.code(), up.err());
      List<String> seen = new ArrayList<>();
      for (String[] p : processes(up.out())) {
        seen.add(p[0]);
        pids.add(Long.parseLong(p[1]));
      }
      assertEquals(List.of("jobmanager", "taskmanager", "taskmanager", "coordinator"), seen, up.out());
      assertTrue(up.out().strip().endsWith("http://127.0.0.1:" + rest), up.out());
      double upSeconds = (System.nanoTime() - began) / 1e9;

      Path image = dir.resolve("cluster.pfm");
      Run submit = treelet("submit", "scenes/cornell-box.pbrt", "--cluster", "http://127.0.0.1:" + rest,
          "--coordinator", "127.0.0.1:" + coordinator, "--spp", "4", "--seed", "3", "--treelet-bytes", "96k",
          "--worker-memory", "900k", "--out", image.toString(), "--store", dir.resolve("store").toString());
      Matcher m = exactSummary(submit, 4);
      assertTrue(Double.parseDouble(m.group(5)) > 0, "rays moved between the task managers: " + submit.out());

      Path reference = dir.resolve("local.pfm");
      Run local = treelet("render", "scenes/cornell-box.pbrt", "--local", "--spp", "4", "--seed", "3",
          "--treelet-bytes", "96k", "--out", reference.toString());
      assertEquals(0, local.code(), local.err());
      assertEquals(-1, Files.mismatch(reference, image), "the cluster's image differs from the single-process one");
      System.err.printf("cluster up %.1f s, whole test %.1f s%n", upSeconds, (System.nanoTime() - began) / 1e9);
    } finally {
      Run down = treelet("cluster", "down", "--dir", clusterDir);
      assertEquals(0, down.code(), down.err());
    }
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left behind");
    }
    assertEquals(List.of(), leftOver(clusterDir), "processes left behind (supervisors?)");
    Run status = treelet("cluster", "status", "--dir", clusterDir);
    assertEquals(1, status.code(), status.out());
  }

  /**
   * A TaskManager killed (kill -9) while a submitted render runs: its supervisor starts it again, the
   * job fails over from its last checkpoint onto it, and the image still equals the single-process
   * render with exact sample counts. Then the coordinator is killed: its supervisor starts it again
   * and it takes the next render.
   */
  @Test
  void aTaskManagerKilledMidRenderIsStartedAgainAndTheImageIsStillExact() throws Exception {
    String clusterDir = dir.resolve("cluster").toString();
    int rest = freePort();
    int coordinator = freePort();
    Run up = treelet("cluster", "up", "--taskmanagers", "2", "--dir", clusterDir, "--rest-port", String.valueOf(rest),
        "--rpc-port", String.valueOf(freePort()), "--coordinator-port", String.valueOf(coordinator));
    try {
      assertEquals(0, up.code(), up.err());
      long victim = pidOf(up.out(), "taskmanager");
      String[] render = {"--spp", "64", "--seed", "5", "--treelet-bytes", "96k", "--worker-memory", "900k"};
      Path image = dir.resolve("cluster.pfm");
      List<String> submitArgs = new ArrayList<>(List.of("submit", "scenes/cornell-box.pbrt", "--cluster",
          "http://127.0.0.1:" + rest, "--coordinator", "127.0.0.1:" + coordinator, "--checkpoint-interval", "1",
          "--out", image.toString(), "--store", dir.resolve("store").toString()));
      submitArgs.addAll(List.of(render));
      Running submit = start(submitArgs.toArray(String[]::new));
      String job = ClusterRest.awaitCheckpointedJob("http://127.0.0.1:" + rest);
      ProcessHandle.of(victim).orElseThrow().destroyForcibly();

      exactSummary(submit.finish(), 64);
      assertTrue(ClusterRest.failures("http://127.0.0.1:" + rest, job) > 0, "the job never failed over: the kill"
          + " came too late to test anything");

      Run status = treelet("cluster", "status", "--dir", clusterDir);
      List<String[]> tms = processes(status.out()).stream().filter(p -> p[0].equals("taskmanager")).toList();
      assertEquals(2, tms.size(), status.out());
      assertTrue(tms.stream().noneMatch(p -> Long.parseLong(p[1]) == victim), status.out());
      assertTrue(status.out().strip().endsWith("http://127.0.0.1:" + rest), "status names the cluster's REST address: "
          + status.out());

      List<String> localArgs = new ArrayList<>(List.of("render", "scenes/cornell-box.pbrt", "--local", "--out",
          dir.resolve("local.pfm").toString()));
      localArgs.addAll(List.of(render));
      Run local = treelet(localArgs.toArray(String[]::new));
      assertEquals(0, local.code(), local.err());
      assertEquals(-1, Files.mismatch(dir.resolve("local.pfm"), image), "the image differs after the failover");

      // The coordinator is supervised too: killed, it is started again and takes the next render.
      long oldCoordinator = pidOf(status.out(), "coordinator");
      ProcessHandle.of(oldCoordinator).orElseThrow().destroyForcibly();
      ClusterRest.awaitListening(coordinator, () -> pidOf(treelet("cluster", "status", "--dir", clusterDir).out(),
          "coordinator") != oldCoordinator);
      exactSummary(treelet("submit", "scenes/cornell-box.pbrt", "--cluster", "http://127.0.0.1:" + rest,
          "--coordinator", "127.0.0.1:" + coordinator, "--spp", "1", "--out", dir.resolve("again.pfm").toString(),
          "--store", dir.resolve("store").toString()), 1);
    } finally {
      Run down = treelet("cluster", "down", "--dir", clusterDir);
      assertEquals(0, down.code(), down.err());
    }
    assertEquals(List.of(), leftOver(clusterDir), "processes left behind");
  }
}
