package dev.treelet.coordinator.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.treelet.coordinator.AllocationLoop;
import dev.treelet.coordinator.Coordinator;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.AllocationJson;
import dev.treelet.coordinator.protocol.ProgressReport;
import dev.treelet.coordinator.protocol.RenderPlan;
import dev.treelet.coordinator.protocol.RouteRequest;
import dev.treelet.coordinator.protocol.WorkerReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The coordinator's HTTP endpoint, the one transport for the job and for people: plain HTTP and JSON
 * (the JDK's server and client, Jackson), debuggable with curl, no code generation. The job's control
 * stream long-polls {@code GET /control?after=EPOCH}, so an update reaches every router within one
 * round trip of being published.
 *
 * <pre>
 * GET  /control?after=E&amp;waitMs=T  200 allocation JSON newer than epoch E, or 204 after T ms
 * POST /report/worker             a {@link WorkerReport}; 202 applied, 200 stale (ignored)
 * POST /report/progress           a {@link ProgressReport}; likewise
 * GET  /map                       the published and desired maps, the policy and protocol, the load
 *                                 the policy last saw, rays traced per treelet, each worker's newest
 *                                 report
 * GET  /progress                  samples done and total, rays traced, the map's epoch and copies
 * POST /pause, /continue          stop-sending and continue, as a new epoch
 * POST /route                     a {@link RouteRequest}: 200 with the changes made, 400 with why not
 * POST /render                    a {@link RenderPlan} (standalone coordinator): allocate for this
 *                                 render from now on
 * </pre>
 *
 * Malformed requests get 400 with a message naming the problem; nothing else changes.
 */
public final class CoordinatorServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(CoordinatorServer.class);

  static {
    // Every reply is a small write its client waits for; with Nagle's algorithm on, the JDK server's
    // replies met the client's delayed ACK and took 40 ms each (measured: 10,000 requests in 115 s).
    // Read once, when the JDK's server classes load: set it before the first server is made.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }
  static final long MAX_BODY_BYTES = 1 << 20;

  private final AtomicReference<Render> render = new AtomicReference<>();
  private final Function<RenderPlan, Render> planner;
  private final AccessToken token;
  private volatile Supplier<String> leaderElsewhere = () -> null;
  private final HttpServer http;
  private final ExecutorService executor;
  /** Requests refused as malformed or impossible (400): a metric, shown by /map. */
  private final AtomicLong refused = new AtomicLong();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * The render being allocated: its loop and what runs it (closed when another render replaces it,
   * or the server closes).
   */
  public record Render(AllocationLoop loop, AutoCloseable runner) {}

  private CoordinatorServer(Render initial, Function<RenderPlan, Render> planner, AccessToken token, HttpServer http) {
    this.render.set(initial);
    this.planner = planner;
    this.token = token;
    this.http = http;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "coordinator-http");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(executor);
    http.createContext("/control", ex -> handle(ex, "GET", this::control));
    http.createContext("/report/worker", ex -> handle(ex, "POST", e -> {
      boolean fresh = coordinator().report(json.readValue(body(e), WorkerReport.class));
      reply(e, fresh ? 202 : 200, Map.of("applied", fresh));
    }));
    http.createContext("/report/progress", ex -> handle(ex, "POST", e -> {
      boolean fresh = coordinator().report(json.readValue(body(e), ProgressReport.class));
      reply(e, fresh ? 202 : 200, Map.of("applied", fresh));
    }));
    http.createContext("/map", ex -> handle(ex, "GET", this::map));
    http.createContext("/progress", ex -> handle(ex, "GET", e -> reply(e, 200, progress())));
    http.createContext("/pause", ex -> handle(ex, "POST",
        e -> reply(e, 200, AllocationJson.of(coordinator().pause("requested over HTTP")))));
    http.createContext("/continue", ex -> handle(ex, "POST",
        e -> reply(e, 200, AllocationJson.of(coordinator().resume("requested over HTTP")))));
    http.createContext("/route", ex -> handle(ex, "POST", e -> {
      RouteRequest r = json.readValue(body(e), RouteRequest.class);
      AllocationLoop loop = loop();
      reply(e, 200, Map.of("changes", loop.route(r), "desired", AllocationJson.of(loop.desired())));
    }));
    http.createContext("/render", ex -> handle(ex, "POST", e -> {
      RenderPlan plan = json.readValue(body(e), RenderPlan.class).validated();
      replace(planner.apply(plan));
      reply(e, 200, Map.of("epoch", coordinator().allocation().epoch(), "loop", loop().describe()));
    }));
  }

  /** Binds host:port (port 0: any free port) and serves the one render whose loop is given. */
  public static CoordinatorServer start(AllocationLoop loop, String host, int port) throws IOException {
    return start(new Render(loop, () -> { }), plan -> {
      throw new BadRequest("this coordinator serves one render, started with it; it takes no other");
    }, host, port, AccessToken.fromEnvironment());
  }

  /**
   * Binds host:port and serves renders as they are registered ({@code POST /render}): planner opens
   * the plan's scene and starts its loop. Until the first, requests about a render are refused.
   */
  public static CoordinatorServer standalone(Function<RenderPlan, Render> planner, String host, int port,
      AccessToken token) throws IOException {
    return start(null, planner, host, port, token);
  }

  private static CoordinatorServer start(Render initial, Function<RenderPlan, Render> planner, String host, int port,
      AccessToken token) throws IOException {
    AccessToken.requireFor(host, token);
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (java.net.BindException e) {
      throw new IOException("the coordinator cannot listen on " + host + ":" + port + " (" + e.getMessage()
          + "); choose another port", e);
    }
    CoordinatorServer server = new CoordinatorServer(initial, planner, token, http);
    http.start();
    LOG.info("coordinator listening on http://{}", server.address());
    return server;
  }

  /**
   * Makes this a standby while leaderElsewhere names another coordinator (null: this one leads):
   * every request is then answered 503 with the leader's address, and clients move on to it.
   */
  public void followWhile(Supplier<String> leaderElsewhere) {
    this.leaderElsewhere = leaderElsewhere;
  }

  /** Serves render from now on (null: none), closing the one served before. */
  public void serve(Render render) {
    replace(render);
  }

  /** Requests refused so far (malformed, unknown treelet or worker, over a budget, ...). */
  public long refusedRequests() {
    return refused.get();
  }

  /** host:port as clients should dial it. */
  public String address() {
    InetSocketAddress a = http.getAddress();
    return a.getHostString() + ":" + a.getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    replace(null);
  }

  private void replace(Render next) {
    Render old = render.getAndSet(next);
    if (old != null) {
      try {
        old.runner().close();
      } catch (Exception e) {
        LOG.warn("stopping the previous render's loop failed", e);
      }
    }
    if (next != null) {
      LOG.info("render registered: {} treelets over {} workers, {}", next.loop().coordinator().allocation()
          .treeletCount(), next.loop().coordinator().allocation().workers(), next.loop().describe());
    }
  }

  private AllocationLoop loop() {
    Render r = render.get();
    if (r == null) {
      throw new BadRequest("no render registered yet: ./treelet submit registers one (POST /render)");
    }
    return r.loop();
  }

  private Coordinator coordinator() {
    return loop().coordinator();
  }

  private Map<String, Object> progress() {
    Coordinator c = coordinator();
    Allocation a = c.allocation();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("samplesDone", c.samplesDone());
    out.put("totalSamples", c.totalSamples());
    out.put("raysTraced", c.raysTraced());
    out.put("epoch", a.epoch());
    out.put("copies", a.copies());
    out.put("treelets", a.treeletCount());
    out.put("paused", a.paused());
    return out;
  }

  private void control(HttpExchange e) throws IOException {
    Map<String, String> q = query(e.getRequestURI());
    long after = parseLong(q, "after", -1);
    long waitMs = Math.min(30_000, Math.max(0, parseLong(q, "waitMs", 10_000)));
    Allocation a;
    try {
      a = coordinator().awaitNewer(after, waitMs);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      a = null;
    }
    if (a == null) {
      e.sendResponseHeaders(204, -1);
      e.close();
    } else {
      reply(e, 200, AllocationJson.of(a));
    }
  }

  private void map(HttpExchange e) throws IOException {
    AllocationLoop loop = loop();
    Coordinator coordinator = loop.coordinator();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("allocation", AllocationJson.of(coordinator.allocation()));
    out.put("desired", AllocationJson.of(loop.desired()));
    out.put("loop", loop.describe());
    out.put("load", loop.lastLoad());
    out.put("raysByTreelet", coordinator.raysByTreelet());
    out.put("workers", coordinator.workerReports());
    out.put("samplesDone", coordinator.samplesDone());
    out.put("totalSamples", coordinator.totalSamples());
    out.put("staleReports", coordinator.staleReports());
    out.put("refusedRequests", refused.get());
    reply(e, 200, out);
  }

  private interface Handler {
    void handle(HttpExchange e) throws IOException;
  }

  private void handle(HttpExchange e, String method, Handler h) {
    try {
      if (!token.admits(e.getRequestHeaders().getFirst("Authorization"))) {
        refused.incrementAndGet();
        LOG.warn("refused {} {}: missing or wrong token", e.getRequestMethod(), e.getRequestURI());
        reply(e, 401, Map.of("error", "missing or wrong token: send Authorization: Bearer $" + AccessToken.ENV));
        return;
      }
      String leader = leaderElsewhere.get();
      if (leader != null) {
        reply(e, 503, Map.of("error", "this coordinator is a standby; the leader is at " + leader, "leader", leader));
        return;
      }
      if (!e.getRequestMethod().equals(method)) {
        reply(e, 405, Map.of("error", e.getRequestURI().getPath() + " takes " + method));
        return;
      }
      h.handle(e);
    } catch (BadRequest | com.fasterxml.jackson.core.JacksonException | IllegalArgumentException bad) {
      refused.incrementAndGet();
      LOG.warn("refused {} {}: {}", e.getRequestMethod(), e.getRequestURI(), bad.getMessage());
      try {
        reply(e, 400, Map.of("error", String.valueOf(bad.getMessage())));
      } catch (IOException ignored) {
        // the client went away; nothing to tell it
      }
    } catch (IOException gone) {
      // The client hung up (a long poll outliving its job, a curl interrupted): nothing to answer.
      LOG.debug("{} {}: client gone ({})", e.getRequestMethod(), e.getRequestURI(), gone.toString());
    } catch (RuntimeException fail) {
      LOG.warn("{} {} failed", e.getRequestMethod(), e.getRequestURI(), fail);
      try {
        reply(e, 500, Map.of("error", "the coordinator failed on this request (" + fail
            + "); nothing was changed, see its log"));
      } catch (IOException | RuntimeException ignored) {
        // headers already sent, or the client went away
      }
    } finally {
      e.close(); // not try-with-resources: the catch blocks above still answer on this exchange
    }
  }

  private static byte[] body(HttpExchange e) throws IOException {
    try (InputStream in = e.getRequestBody()) {
      byte[] b = in.readNBytes((int) MAX_BODY_BYTES + 1);
      if (b.length > MAX_BODY_BYTES) {
        throw new BadRequest("request body over " + MAX_BODY_BYTES + " bytes");
      }
      return b;
    }
  }

  private void reply(HttpExchange e, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    e.getResponseHeaders().set("Content-Type", "application/json");
    e.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = e.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return q;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      String v = eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  private static long parseLong(Map<String, String> q, String key, long dflt) {
    String v = q.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException nfe) {
      throw new BadRequest("query parameter " + key + " must be an integer, got \"" + v + "\"");
    }
  }

  /** A request the server refuses (400) with a message that names the problem. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
