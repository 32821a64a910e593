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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The job's (and the CLI's) side of {@link CoordinatorServer}: long-polls allocations, posts reports
 * and requests, with this process's {@link AccessToken} if it was given one. Given several
 * coordinators ("host:port,host:port", a leader and standbys), it talks to the one that answered last
 * and moves on to the next when that one cannot be reached or says it is not the leader (503).
 */
public final class CoordinatorClient {
  private final List<String> bases = new ArrayList<>();
  private final AccessToken token;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private volatile int current;

  /** addresses is host:port, or several separated by commas; the token is the environment's. */
  public CoordinatorClient(String addresses) {
    this(addresses, AccessToken.fromEnvironment());
  }

  public CoordinatorClient(String addresses, AccessToken token) {
    for (String a : addresses.split(",")) {
      if (!a.isBlank()) {
        bases.add("http://" + a.strip());
      }
    }
    if (bases.isEmpty()) {
      throw new IllegalArgumentException("no coordinator address in \"" + addresses + "\"");
    }
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  private String base() {
    return bases.get(current);
  }

  /** Sends path to the coordinator answering last, then to the others in turn if it does not lead. */
  private <T> HttpResponse<T> send(String path, Function<HttpRequest.Builder, HttpRequest> build,
      HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
    IOException failed = null;
    for (int tried = 0; tried < bases.size(); tried++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
      try {
        HttpResponse<T> resp = http.send(build.apply(token.present() ? b.header("Authorization", token.header()) : b),
            body);
        if (resp.statusCode() != 503 || tried == bases.size() - 1) {
          return resp;
        }
      } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
        failed = e;
      }
      current = (current + 1) % bases.size();
    }
    throw failed;
  }

  /** The first allocation newer than afterEpoch, or null if none was published within waitMs. */
  public Allocation awaitAllocation(long afterEpoch, long waitMs) throws IOException, InterruptedException {
    HttpResponse<byte[]> resp = send("/control?after=" + afterEpoch + "&waitMs=" + waitMs,
        b -> b.timeout(Duration.ofMillis(waitMs + 10_000)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (resp.statusCode() == 204) {
      return null;
    }
    if (resp.statusCode() != 200) {
      throw new IOException("coordinator at " + base() + " answered " + resp.statusCode() + ": "
          + new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    try {
      return json.readValue(resp.body(), AllocationJson.class).toAllocation();
    } catch (IllegalArgumentException e) {
      throw new IOException("coordinator at " + base() + " sent a malformed allocation: " + e.getMessage(), e);
    }
  }

  /** Posts a report or request (any of the protocol records) to path, e.g. "/report/worker"; the answer's body. */
  public String post(String path, Object report) throws IOException, InterruptedException {
    byte[] bytes = json.writeValueAsBytes(report);
    HttpResponse<String> resp = send(path, b -> b.timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() >= 300) {
      throw new IOException("coordinator at " + base() + " refused " + path + " (" + resp.statusCode() + "): "
          + resp.body());
    }
    return resp.body();
  }

  /** GETs path (e.g. "/map"); the answer's body. */
  public String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> resp = send(path, b -> b.timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) {
      throw new IOException("coordinator at " + base() + " answered " + path + " with " + resp.statusCode() + ": "
          + resp.body());
    }
    return resp.body();
  }
}
