package dev.treelet.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.treelet.coordinator.Coordinator;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.WorkerReport;
import dev.treelet.coordinator.server.CoordinatorClient;

/**
 * What the progress line shows of a running render: from the coordinator in this process (embedded
 * render) or from a standalone one over HTTP ({@code GET /progress}, asked at most every 200 ms).
 */
public interface RenderProgress {
  long samplesDone();

  long totalSamples();

  long raysTraced();

  /** The published map in a few words, so replicas can be seen changing as the render runs. */
  String map();

  /** Each worker's share of the rays traced, e.g. "0: 48%, 1: 52%"; empty if not known. */
  String shares();

  static String mapLine(long epoch, long copies, long treelets, boolean paused) {
    return "map epoch " + epoch + ": " + copies + " copies of " + treelets + " treelets" + (paused ? ", paused" : "");
  }

  static RenderProgress of(Coordinator c) {
    return new RenderProgress() {
      public long samplesDone() {
        return c.samplesDone();
      }

      public long totalSamples() {
        return c.totalSamples();
      }

      public long raysTraced() {
        return c.raysTraced();
      }

      public String map() {
        Allocation a = c.allocation();
        return mapLine(a.epoch(), a.copies(), a.treeletCount(), a.paused());
      }

      public String shares() {
        long total = Math.max(1, c.raysTraced());
        StringBuilder s = new StringBuilder();
        for (WorkerReport r : c.workerReports()) {
          s.append(s.isEmpty() ? "" : ", ").append(r.worker()).append(": ")
              .append(Math.round(100.0 * r.raysTraced() / total)).append('%');
        }
        return s.toString();
      }
    };
  }

  /** A standalone coordinator's view; if it cannot be reached the last answer stands. */
  static RenderProgress remote(String address) {
    CoordinatorClient client = new CoordinatorClient(address);
    ObjectMapper json = new ObjectMapper();
    return new RenderProgress() {
      private JsonNode last = json.createObjectNode();
      private long askedAt;

      private synchronized JsonNode now() {
        if (System.nanoTime() - askedAt > 200_000_000L) {
          askedAt = System.nanoTime();
          try {
            last = json.readTree(client.get("/progress"));
          } catch (java.io.IOException e) {
            // keep showing the last answer: the render goes on without the display
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return last;
      }

      public long samplesDone() {
        return now().path("samplesDone").asLong();
      }

      public long totalSamples() {
        return now().path("totalSamples").asLong();
      }

      public long raysTraced() {
        return now().path("raysTraced").asLong();
      }

      public String map() {
        JsonNode n = now();
        return mapLine(n.path("epoch").asLong(), n.path("copies").asLong(), n.path("treelets").asLong(),
            n.path("paused").asBoolean());
      }

      public String shares() {
        return "";
      }
    };
  }
}
