package dev.treelet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the integration tests ask a running cluster's REST API. */
final class ClusterRest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClusterRest() {}

  static JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /**
   * Polls (the job runs in other processes) until one job is RUNNING with a completed checkpoint;
   * returns its id.
   */
  static String awaitCheckpointedJob(String rest) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode job : get(rest + "/jobs/overview").path("jobs")) {
        String id = job.path("jid").asText();
        if (job.path("state").asText().equals("RUNNING")
            && get(rest + "/jobs/" + id + "/checkpoints").path("counts").path("completed").asInt() > 0) {
          return id;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no job at " + rest + " was running with a completed checkpoint within 3 minutes");
  }

  /** How many failures the job has recovered from (its exception history). */
  static int failures(String rest, String job) throws IOException, InterruptedException {
    return get(rest + "/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries").size();
  }
}
