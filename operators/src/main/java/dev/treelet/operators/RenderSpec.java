package dev.treelet.operators;

import dev.treelet.operators.wire.TilePlan;
import java.io.Serializable;

/**
 * Everything the job's operators need to know about one render, fixed when the job is built and
 * shipped inside the job graph. The scene itself is not in here: workers open the prepared scene
 * folder (which must be readable from every task manager).
 *
 * @param renderId        new for every submission (restores included); names in-JVM signals
 * @param preparedDir     folder written by {@code treelet prepare}: scene.bin plus treelet blobs
 * @param workers         tracing workers (the parallelism of route and trace)
 * @param workerBudget    bytes of treelets each worker may hold
 * @param bagRays         camera rays per bag
 * @param maxInFlight     camera paths in flight at most (the Collector's credits)
 * @param coordinator     host:port of the coordinator's HTTP endpoint
 * @param output          image file the sink writes (its extension picks the format)
 * @param snapshotMillis  how often the sink rewrites the image while tiles complete (0: only at the end)
 * @param reportMillis    how often workers report statistics to the coordinator
 */
public record RenderSpec(String renderId, String preparedDir, long seed, int spp, TilePlan tiles, int workers,
    long workerBudget, int bagRays, long maxInFlight, String coordinator, String output, long snapshotMillis,
    long reportMillis) implements Serializable {
  /** The same render under a new id (a new submission, such as a restore). */
  public RenderSpec withRenderId(String id) {
    return new RenderSpec(id, preparedDir, seed, spp, tiles, workers, workerBudget, bagRays, maxInFlight, coordinator,
        output, snapshotMillis, reportMillis);
  }
}
