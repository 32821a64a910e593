package dev.treelet.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The cluster's {@code config.yaml} and log configuration. Flink's start scripts, which a Maven
 * Central install does not have, normally work out each TaskManager's memory and pass it as JVM
 * flags; here every memory pool is set explicitly, and {@link #taskManagerJvm} gives the matching
 * flags (heap = framework + task heap; direct = framework + task off-heap + network).
 */
final class FlinkConfigFile {
  static final int FRAMEWORK_HEAP_MB = 128;
  static final int TASK_HEAP_MB = 768;
  static final int FRAMEWORK_OFF_HEAP_MB = 128;
  static final int NETWORK_MB = 64;
  static final int MANAGED_MB = 256;
  static final int METASPACE_MB = 256;
  private static final String REST_PORT = "rest.port: ";

  /**
   * What a Flink distribution's config.yaml passes every JVM on Java 17 (env.java.default-opts.all):
   * Flink reflects into these JDK packages (e.g. running a jar's main method through the REST API).
   */
  static final List<String> JDK_OPENS = List.of(
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private FlinkConfigFile() {}

  static void write(ClusterLayout l) throws IOException {
    Files.createDirectories(l.conf());
    Files.createDirectories(l.logs());
    Files.createDirectories(l.dir().resolve("tmp"));
    String h = ClusterLayout.HOST;
    String yaml = String.join("\n",
        "# Written by ./treelet cluster up; every address is loopback.",
        "jobmanager.rpc.address: " + h,
        "jobmanager.rpc.port: " + l.rpcPort(),
        "jobmanager.bind-host: " + h,
        "jobmanager.memory.process.size: 1024m",
        "rest.address: " + h,
        "rest.bind-address: " + h,
        REST_PORT + l.restPort(),
        "taskmanager.host: " + h,
        "taskmanager.bind-host: " + h,
        "taskmanager.numberOfTaskSlots: 1",
        "taskmanager.cpu.cores: 1.0",
        "taskmanager.memory.framework.heap.size: " + FRAMEWORK_HEAP_MB + "m",
        "taskmanager.memory.task.heap.size: " + TASK_HEAP_MB + "m",
        "taskmanager.memory.framework.off-heap.size: " + FRAMEWORK_OFF_HEAP_MB + "m",
        "taskmanager.memory.task.off-heap.size: 0m",
        "taskmanager.memory.network.min: " + NETWORK_MB + "m",
        "taskmanager.memory.network.max: " + NETWORK_MB + "m",
        "taskmanager.memory.managed.size: " + MANAGED_MB + "m",
        "taskmanager.memory.jvm-metaspace.size: " + METASPACE_MB + "m",
        "taskmanager.memory.jvm-overhead.min: 192m",
        "taskmanager.memory.jvm-overhead.max: 192m",
        "state.backend.type: rocksdb",
        // A lost TaskManager is noticed in seconds, not Flink's default 50 s: on loopback a missed
        // heartbeat is a dead process, and its supervisor has a new one registered by then.
        "heartbeat.interval: 2 s",
        "heartbeat.timeout: 20 s",
        "io.tmp.dirs: " + l.dir().resolve("tmp").toAbsolutePath(),
        "");
    Files.writeString(l.conf().resolve("config.yaml"), yaml);
    Files.writeString(l.conf().resolve("log4j2.properties"), String.join("\n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = file",
        "appender.file.type = File",
        "appender.file.name = file",
        "appender.file.fileName = ${sys:log.file}",
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
        ""));
  }

  /** The REST port the cluster in l's folder was started with (its config.yaml), if one was. */
  static OptionalInt restPort(ClusterLayout l) throws IOException {
    Path yaml = l.conf().resolve("config.yaml");
    if (!Files.exists(yaml)) {
      return OptionalInt.empty();
    }
    for (String line : Files.readAllLines(yaml)) {
      if (line.startsWith(REST_PORT)) {
        return OptionalInt.of(Integer.parseInt(line.substring(REST_PORT.length()).strip()));
      }
    }
    return OptionalInt.empty();
  }

  /** JVM flags matching the memory in config.yaml, plus what tracing needs (the Vector API). */
  static List<String> taskManagerJvm() {
    int heap = FRAMEWORK_HEAP_MB + TASK_HEAP_MB;
    List<String> flags = new ArrayList<>(List.of("-Xmx" + heap + "m", "-Xms" + heap + "m",
        "-XX:MaxDirectMemorySize=" + (FRAMEWORK_OFF_HEAP_MB + NETWORK_MB) + "m",
        "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m", "--add-modules=jdk.incubator.vector"));
    flags.addAll(JDK_OPENS);
    return flags;
  }

  /** The JobManager also runs jobs' main methods (REST /jars/run), which may trace nothing but load our classes. */
  static List<String> jobManagerJvm() {
    List<String> flags = new ArrayList<>(List.of("-Xmx512m", "-Xms512m", "--add-modules=jdk.incubator.vector"));
    flags.addAll(JDK_OPENS);
    return flags;
  }
}
