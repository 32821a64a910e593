package dev.treelet.coordinator.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.AllocationJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The job's (and the CLI's) side of {@link CoordinatorServer}: long-polls allocations, posts reports
 * and requests, with this process's {@link AccessToken} if it was given one.
 */
public final class CoordinatorClient {
  private final String base;
  private final AccessToken token;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /** address is host:port; the token is the environment's. */
  public CoordinatorClient(String address) {
    this(address, AccessToken.fromEnvironment());
  }

  public CoordinatorClient(String address, AccessToken token) {
    this.base = "http://" + address;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    return token.present() ? b.header("Authorization", token.header()) : b;
  }

  /** The first allocation newer than afterEpoch, or null if none was published within waitMs. */
  public Allocation awaitAllocation(long afterEpoch, long waitMs) throws IOException, InterruptedException {
    HttpRequest req = request("/control?after=" + afterEpoch + "&waitMs=" + waitMs)
        .timeout(Duration.ofMillis(waitMs + 10_000)).GET().build();
    HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (resp.statusCode() == 204) {
      return null;
    }
    if (resp.statusCode() != 200) {
      throw new IOException("coordinator at " + base + " answered " + resp.statusCode() + ": "
          + new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    try {
      return json.readValue(resp.body(), AllocationJson.class).toAllocation();
    } catch (IllegalArgumentException e) {
      throw new IOException("coordinator at " + base + " sent a malformed allocation: " + e.getMessage(), e);
    }
  }

  /** Posts a report or request (any of the protocol records) to path, e.g. "/report/worker"; the answer's body. */
  public String post(String path, Object report) throws IOException, InterruptedException {
    HttpRequest req = request(path).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(report))).build();
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() >= 300) {
      throw new IOException("coordinator at " + base + " refused " + path + " (" + resp.statusCode() + "): "
          + resp.body());
    }
    return resp.body();
  }

  /** GETs path (e.g. "/map"); the answer's body. */
  public String get(String path) throws IOException, InterruptedException {
    HttpRequest req = request(path).timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) {
      throw new IOException("coordinator at " + base + " answered " + path + " with " + resp.statusCode() + ": "
          + resp.body());
    }
    return resp.body();
  }
}
