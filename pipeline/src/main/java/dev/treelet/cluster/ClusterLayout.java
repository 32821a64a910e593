package dev.treelet.cluster;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where a local standalone cluster lives and listens. Everything it writes goes under dir
 * (configuration, logs, temporary files, the list of processes it started); the Flink jars come from
 * the deploy module's build ({@code deploy/target/flink-lib}), the coordinator runs from the
 * launcher's own class path. Every address is loopback.
 */
public record ClusterLayout(Path home, Path dir, int taskManagers, int restPort, int rpcPort, int coordinatorPort) {
  public static final String HOST = "127.0.0.1";

  /** The default layout under home: REST on 8081, JobManager RPC on 6123, the coordinator on 7070. */
  public static ClusterLayout defaults(Path home, int taskManagers) {
    return new ClusterLayout(home, home.resolve("deploy/target/cluster"), taskManagers, 8081, 6123, 7070);
  }

  /**
   * The checkout this code runs from: the launcher says ({@code -Dtreelet.home}), else it is three
   * levels above pipeline/target/classes.
   */
  public static Path installation() {
    String set = System.getProperty("treelet.home");
    if (set != null) {
      return Path.of(set);
    }
    try {
      Path classes = Path.of(ClusterLayout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent().getParent().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell where treelet is installed; run it through ./treelet", e);
    }
  }

  public Path flinkLib() {
    return home.resolve("deploy/target/flink-lib");
  }

  public Path conf() {
    return dir.resolve("conf");
  }

  public Path logs() {
    return dir.resolve("log");
  }

  public Path processes() {
    return dir.resolve("processes");
  }

  /** Where supervisors keep the pids of the processes they run. */
  public Path run() {
    return dir.resolve("run");
  }

  /** Where the supervisor of process name keeps that process's current pid. */
  public Path pidFile(String name) {
    return run().resolve(name + ".pid");
  }

  public String restUrl() {
    return "http://" + HOST + ":" + restPort;
  }

  public String coordinatorAddress() {
    return HOST + ":" + coordinatorPort;
  }

  /** The job jar a cluster runs (built by the pipeline module). */
  public Path jobJar() {
    return home.resolve("pipeline/target/treelet-job.jar");
  }
}
