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

  /** ./treelet with args, run as the launcher does (without its build step: Maven built everything). */
  private Run treelet(String... args) throws IOException, InterruptedException {
    Path target = HOME.resolve("pipeline/target");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules=jdk.incubator.vector", "-Dtreelet.home=" + HOME, "-cp",
        target.resolve("classes") + ":" + target.resolve("lib") + "/*", "dev.treelet.cli.TreeletCli"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "treelet " + String.join(" ", args) + " did not finish");
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
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
      Matcher roles = Pattern.compile("role=(jobmanager|taskmanager|coordinator) pid=(\\d+)").matcher(up.out());
      List<String> seen = new ArrayList<>();
      while (roles.find()) {
        seen.add(roles.group(1));
        pids.add(Long.parseLong(roles.group(2)));
      }
      assertEquals(List.of("jobmanager", "taskmanager", "taskmanager", "coordinator"), seen, up.out());
      assertTrue(up.out().strip().endsWith("http://127.0.0.1:" + rest), up.out());
      double upSeconds = (System.nanoTime() - began) / 1e9;

      Path image = dir.resolve("cluster.pfm");
      Run submit = treelet("submit", "scenes/cornell-box.pbrt", "--cluster", "http://127.0.0.1:" + rest,
          "--coordinator", "127.0.0.1:" + coordinator, "--spp", "4", "--seed", "3", "--treelet-bytes", "96k",
          "--worker-memory", "900k", "--out", image.toString(), "--store", dir.resolve("store").toString());
      assertEquals(0, submit.code(), submit.err());
      Matcher m = SUMMARY.matcher(submit.out());
      assertTrue(m.find(), "summary line: " + submit.out());
      assertEquals(256 * 256 * 4, Long.parseLong(m.group(2)));
      assertEquals("4", m.group(3));
      assertEquals("4", m.group(4));
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
    Run status = treelet("cluster", "status", "--dir", clusterDir);
    assertEquals(1, status.code(), status.out());
  }
}
