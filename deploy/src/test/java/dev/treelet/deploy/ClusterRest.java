package dev.treelet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the integration tests ask a running cluster (its REST API, its ports). */
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

  /** A condition the test can check, which may throw. */
  interface Check {
    boolean holds() throws Exception;
  }

  /** Polls (another process restarts) until ready holds and something accepts connections on the port. */
  static void awaitListening(int port, Check ready) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.holds()) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
          return;
        } catch (IOException notYet) {
          // started, not listening yet
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("nothing restarted listens on port " + port + " within 2 minutes");
  }

  /** How many failures the job has recovered from (its exception history). */
  static int failures(String rest, String job) throws IOException, InterruptedException {
    return get(rest + "/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries").size();
  }
}
