package dev.treelet.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A Flink cluster's REST API {@code /overview}: how many slots it has. */
public final class RestOverview {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private RestOverview() {}

  /** The slots the cluster at restUrl (e.g. http://127.0.0.1:8081) has; IOException if it does not answer. */
  public static int slots(String restUrl) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + "/overview"))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(restUrl + "/overview answered " + r.statusCode());
    }
    return JSON.readTree(r.body()).path("slots-total").asInt();
  }
}
