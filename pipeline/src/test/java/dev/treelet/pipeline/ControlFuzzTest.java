package dev.treelet.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.treelet.coordinator.Coordinator;
import dev.treelet.tracer.film.PfmWriter;
import dev.treelet.tracer.render.PreparedSceneFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten thousand seeded random requests, most of them malformed or impossible, thrown at the
 * coordinator of a running render: routing changes naming unknown treelets and workers or breaking
 * budgets, wrong types, truncated and oversized bodies, worker reports that do not add up, and now
 * and then a valid change or a pause and continue. Each must be applied (2xx) or refused with its
 * problem named (400, counted), never a failure of the coordinator (5xx); the render must finish with
 * exact counts and the single-process image, whatever the valid ones moved.
 */
class ControlFuzzTest {
  private static final int REQUESTS = 10_000;

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = TestClusters.twoTaskManagers();

  @Test
  void tenThousandRandomControlRequestsLeaveTheRenderExact(@InjectClusterClient ClusterClient<?> client,
      @TempDir Path dir) throws Exception {
    Path prepared = ShippedScenes.prepare("cornell-box.pbrt", 96, 96, 128 << 10, dir.resolve("scene"));
    int treelets = PreparedSceneFiles.open(prepared, 0).treelets().count();
    long budget = PreparedSceneFiles.open(prepared, 0).treelets().totalBytes() * 7 / 10;
    Path out = dir.resolve("out.pfm");
    // Long enough that the requests (about 10 s of them) land while it runs: at 128 spp a faster job
    // (samples merged per tile, 2026-11-24) finished first in one run out of four.
    int spp = 256;
    RenderLaunch.Options o = RenderLaunch.Options.defaults(out, 2).withSpp(spp).withSeed(5).withWorkerBudget(budget);
    JobRun.Outcome outcome;
    AtomicLong applied = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    boolean midRender;
    try (RenderLaunch launch = RenderLaunch.start(prepared, o)) {
      Coordinator c = launch.coordinator();
      JobID job = JobRun.submit(client, launch.jobGraph(RenderJob.configuration(null, null), null));
      Polling.waitUntil(() -> c.samplesDone() > 0, "the render to make progress");
      String base = "http://" + launch.spec().coordinator();
      HttpClient http = HttpClient.newHttpClient();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Random random = new Random(1000 + t);
        done.add(pool.submit(() -> {
          for (int i = 0; i < REQUESTS / 4; i++) {
            Request r = request(random, treelets);
            try {
              HttpResponse<String> resp = http.send(r.build(base), HttpResponse.BodyHandlers.ofString());
              if (resp.statusCode() < 300) {
                applied.incrementAndGet();
              } else if (resp.statusCode() == 400 && resp.body().contains("\"error\"")) {
                refused.incrementAndGet();
              } else {
                failures.add(r + " -> " + resp.statusCode() + " " + resp.body());
              }
              if (r.path.equals("/pause")) {
                http.send(new Request("/continue", "").build(base), HttpResponse.BodyHandlers.ofString());
              }
            } catch (java.io.IOException e) {
              if (r.body().length() > (1 << 20)) {
                // The server refuses an oversized body after reading its first megabyte and closes the
                // connection (it will not read a hostile sender's body to the end); a sender still
                // writing may see the close instead of the 400. The coordinator counted it all the same.
                refused.incrementAndGet();
              } else {
                failures.add(r + " -> " + e);
              }
            } catch (Exception e) {
              failures.add(r + " -> " + e);
            }
          }
          return null;
        }));
      }
      long began = System.nanoTime();
      for (Future<?> f : done) {
        f.get();
      }
      System.err.printf("%d requests in %.1f s: %d applied, %d refused; map epoch %d%n", REQUESTS,
          (System.nanoTime() - began) / 1e9, applied.get(), refused.get(), c.allocation().epoch());
      pool.shutdown();
      midRender = c.samplesDone() < c.totalSamples();
      String map = http.send(HttpRequest.newBuilder(URI.create(base + "/map")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
      long counted = new ObjectMapper().readTree(map).path("refusedRequests").asLong();
      assertTrue(failures.isEmpty(), failures.size() + " requests failed, e.g. " + failures.subList(0,
          Math.min(5, failures.size())));
      assertEquals(refused.get(), counted, "every refusal is counted by the coordinator");
      outcome = JobRun.await(client, job, c, System.nanoTime(), false);
    }
    assertEquals(REQUESTS, applied.get() + refused.get());
    assertTrue(refused.get() > REQUESTS / 2 && applied.get() > 100, applied + " applied, " + refused + " refused");
    assertArrayEquals(ShippedScenes.reference(prepared, 5, spp).rgb(), PfmWriter.read(out).rgb(),
        "the image differs from the single-process render");
    assertEquals(96 * 96 * spp, outcome.count("samples"));
    assertEquals(spp, outcome.count("min_spp"));
    assertEquals(spp, outcome.count("max_spp"));
    assertTrue(midRender, "the requests all landed while the render ran");
  }

  private record Request(String path, String body) {
    HttpRequest build(String base) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
      return path.startsWith("/control") || path.equals("/map") ? b.GET().build()
          : b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    @Override
    public String toString() {
      return "POST " + path + " " + (body.length() > 80 ? body.substring(0, 80) + "..." : body);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] OPS = {"pin", "add", "remove", "drain", "release", "move", "", "ADD"};

  /** One random request: mostly routing changes, valid or not; the rest every other kind of bad input. */
  private static Request request(Random r, int treelets) throws Exception {
    int kind = r.nextInt(100);
    if (kind < 55) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (r.nextInt(20) > 0) {
        m.put("op", OPS[r.nextInt(OPS.length)]);
      }
      if (r.nextBoolean()) {
        m.put("treelet", r.nextInt(10) == 0 ? "seven" : r.nextInt(treelets + 4) - 2);
      }
      if (r.nextBoolean()) {
        m.put("worker", r.nextInt(6) - 2);
      }
      if (r.nextInt(4) == 0) {
        m.put("workers", r.nextInt(5) == 0 ? List.of() : List.of(r.nextInt(4) - 1, r.nextInt(3)));
      }
      return new Request("/route", JSON.writeValueAsString(m));
    }
    if (kind < 70) {
      String full = JSON.writeValueAsString(Map.of("op", "add", "treelet", r.nextInt(treelets), "worker", 1));
      return new Request("/route", full.substring(0, r.nextInt(full.length())));
    }
    if (kind < 85) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("worker", r.nextInt(4) - 1);
      m.put("sequence", r.nextInt(3) == 0 ? "x" : r.nextInt(1000));
      m.put("treelets", List.of(0, 1));
      m.put("raysByTreelet", r.nextBoolean() ? List.of(5) : List.of(5, 6));
      return new Request("/report/worker", JSON.writeValueAsString(m));
    }
    if (kind < 90) {
      return new Request("/control?after=" + (r.nextBoolean() ? "x" : "1e9") + "&waitMs=0", "");
    }
    if (kind < 91 && r.nextInt(10) == 0) {
      return new Request("/route", "{\"op\":\"" + "a".repeat((1 << 20) + r.nextInt(1000)) + "\"}");
    }
    if (kind < 98) {
      byte[] junk = new byte[r.nextInt(64)];
      r.nextBytes(junk);
      return new Request(r.nextBoolean() ? "/route" : "/report/progress", new String(junk, StandardCharsets.ISO_8859_1));
    }
    return new Request("/pause", "");
  }
}
