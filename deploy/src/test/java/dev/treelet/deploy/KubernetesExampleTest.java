package dev.treelet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.treelet.cli.TreeletCli;
import dev.treelet.cluster.ClusterLayout;
import dev.treelet.coordinator.server.AccessToken;
import dev.treelet.pipeline.JobMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/treelet.yaml cannot run here, so this keeps it honest: it parses, and its
 * ports, entry points, arguments and configuration keys are the ones the code uses.
 */
class KubernetesExampleTest {
  private static final Path YAML = Path.of(System.getProperty("treelet.repo", "..")).resolve(
      "deploy/kubernetes/treelet.yaml");

  private static Map<String, JsonNode> byKind() throws Exception {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    Map<String, JsonNode> out = new HashMap<>();
    try (YAMLParser p = new YAMLFactory().createParser(YAML.toFile())) {
      for (JsonNode doc : mapper.readValues(p, JsonNode.class).readAll()) {
        out.put(doc.path("kind").asText(), doc);
      }
    }
    return out;
  }

  /** The value after flag in a list of arguments. */
  private static String after(JsonNode args, String flag) {
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).asText().equals(flag)) {
        return args.get(i + 1).asText();
      }
    }
    throw new AssertionError(flag + " missing from " + args);
  }

  @Test
  void theExampleParsesAndMatchesTheCode() throws Exception {
    Map<String, JsonNode> docs = byKind();
    assertEquals(List.of("Deployment", "FlinkDeployment", "Service"), docs.keySet().stream().sorted().toList());

    JsonNode service = docs.get("Service");
    int port = service.at("/spec/ports/0/port").asInt();
    JsonNode command = docs.get("Deployment").at("/spec/template/spec/containers/0/command");
    List<String> words = new ArrayList<>();
    command.forEach(w -> words.add(w.asText()));
    assertTrue(words.contains(TreeletCli.class.getName()) && words.contains("coordinator"), words.toString());
    assertEquals(String.valueOf(port), after(command, "--port"), "the coordinator listens where the Service sends");
    assertEquals(port, docs.get("Deployment").at("/spec/template/spec/containers/0/ports/0/containerPort").asInt());
    // Bound beyond loopback, the coordinator needs the token, and so does everything that talks to it.
    assertEquals("0.0.0.0", after(command, "--host"));
    JsonNode coordinatorEnv = docs.get("Deployment").at("/spec/template/spec/containers/0/env/0");
    JsonNode flinkEnv = docs.get("FlinkDeployment").at("/spec/podTemplate/spec/containers/0/env/0");
    assertEquals(AccessToken.ENV, coordinatorEnv.path("name").asText());
    assertEquals(coordinatorEnv, flinkEnv, "task managers send the coordinator's token");

    JsonNode flink = docs.get("FlinkDeployment").path("spec");
    JsonNode job = flink.path("job");
    assertEquals(JobMain.class.getName(), job.path("entryClass").asText());
    assertTrue(job.path("jarURI").asText().endsWith("/" + ClusterLayout.defaults(Path.of("."), 1).jobJar()
        .getFileName()), job.path("jarURI").asText());
    JsonNode args = job.path("args");
    for (int i = 0; i < args.size(); i += 2) {
      String key = args.get(i).asText();
      assertTrue(key.startsWith("--") && JobMain.PARAMETERS.contains(key.substring(2)), "JobMain takes no " + key);
    }
    assertEquals(service.at("/metadata/name").asText() + ":" + port, after(args, "--coordinator"));
    assertEquals(job.path("parallelism").asInt(), Integer.parseInt(after(args, "--workers")),
        "one worker per slot of the job's parallelism");
    JsonNode conf = flink.path("flinkConfiguration");
    assertEquals("rocksdb", conf.path(StateBackendOptions.STATE_BACKEND.key()).asText());
    // JobMain takes the cluster's checkpoint interval; the checkpoints must go where every pod can read them.
    assertTrue(conf.has(CheckpointingOptions.CHECKPOINTING_INTERVAL.key()), "checkpoints: " + conf);
    String mount = flink.at("/spec/podTemplate/spec/containers/0/volumeMounts/0/mountPath").asText();
    assertTrue(conf.path(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()).asText().startsWith("file://" + mount + "/"),
        "checkpoints on the shared store (" + mount + "): " + conf);
    assertTrue(flink.path("flinkConfiguration").path("env.java.opts.all").asText()
        .contains("jdk.incubator.vector"), "task managers trace with the Vector API");
  }
}
