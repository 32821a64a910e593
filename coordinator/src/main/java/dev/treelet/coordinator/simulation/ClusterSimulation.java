package dev.treelet.coordinator.simulation;

import dev.treelet.coordinator.allocation.AllocationDraft;
import dev.treelet.coordinator.allocation.AllocationPolicy;
import dev.treelet.coordinator.allocation.Load;
import dev.treelet.coordinator.protocol.Allocation;
import java.util.Arrays;

/**
 * A deterministic model of the allocation loop on a large cluster: queues and transfer times, not
 * real tracing. Rays are a fluid (fractions of rays are fine at these counts) moved in fixed time
 * steps:
 *
 * <ul>
 *   <li><b>Out queues.</b> Rays for a treelet the sending worker does not hold wait at the senders
 *       (seed 000's out queue, one pool per treelet) until a holder has room: each worker accepts
 *       at most {@code queueSeconds} of work, split evenly among the holders that want it, so rays
 *       go to whichever holders are least loaded (seed 003). Every ray taken from an out queue
 *       crossed the network: that is {@code rays_moved}, with the rays forwarded when a worker
 *       drops a treelet that still had rays queued.
 *   <li><b>Tracing.</b> A worker traces {@code raysPerSecond}, shared among its ray queues by size.
 *       A traced ray continues (into a treelet drawn from the scene's destination distribution) with
 *       the scene's probability; if the worker holds that treelet it is queued there, otherwise it
 *       joins that treelet's out queue.
 *   <li><b>Allocation.</b> Every {@code periodSeconds} the policy sees the load (rays waiting per
 *       treelet, each worker's busy fraction) and may change the map; a worker given a treelet
 *       starts taking its rays once it has loaded it ({@code bytes / loadBytesPerSecond}); a
 *       dropped treelet's queued rays go back to its out queue.
 * </ul>
 *
 * The render ends when less than one ray is left anywhere; its makespan, the workers' mean busy
 * fraction over it and the rays moved are the result.
 */
public final class ClusterSimulation {
  /** Gives up (rather than run forever) if the render has not ended after this many steps. */
  static final int MAX_STEPS = 2_000_000;

  public record Params(int workers, long workerBudget, double raysPerSecond, double stepSeconds,
      double periodSeconds, double loadBytesPerSecond, double queueSeconds) {}

  public record Result(String policy, double makespanSeconds, double meanUtilisation, double raysTraced,
      double raysMoved, long treeletLoads, int decisions) {}

  private final SimulatedScene scene;
  private final Params params;

  public ClusterSimulation(SimulatedScene scene, Params params) {
    this.scene = scene;
    this.params = params;
  }

  public Result run(AllocationPolicy policy, Allocation initial) {
    return new Run(policy, initial).toEnd();
  }

  /** One render's state; the arrays per worker are parallel: held treelet, its queue, when it is loaded. */
  private final class Run {
    private final AllocationPolicy policy;
    private final int workers = params.workers();
    private final int treelets = scene.treelets();
    private final double[] pool = new double[treelets];
    private final int[][] held = new int[workers][];
    private final double[][] queue = new double[workers][];
    private final double[][] readyAt = new double[workers][];
    private final double[] busyInPeriod = new double[workers];
    private final int[] readyCopies = new int[treelets];
    private final double[] scratch = new double[treelets];
    private final double capacity = params.raysPerSecond() * params.stepSeconds();
    private final double room = params.raysPerSecond() * params.queueSeconds();
    private final int periodSteps;
    private Allocation allocation;
    private double now;
    private double busySteps;
    private double moved;
    private long loads;
    private int decisions;

    Run(AllocationPolicy policy, Allocation initial) {
      this.policy = policy;
      this.periodSteps = Math.max(1, (int) Math.round(params.periodSeconds() / params.stepSeconds()));
      for (int w = 0; w < workers; w++) {
        held[w] = new int[0];
        queue[w] = new double[0];
        readyAt[w] = new double[0];
      }
      allocation = initial;
      apply(initial, true);
      pool[0] = scene.cameraRays;
    }

    Result toEnd() {
      int step = 0;
      while (remaining() >= 1) {
        if (step == MAX_STEPS) {
          throw new IllegalStateException("policy " + policy.name() + ": the simulated render did not end within "
              + MAX_STEPS + " steps; " + remaining() + " rays left");
        }
        if (step > 0 && step % periodSteps == 0) {
          decide();
        }
        dispatch();
        trace();
        now += params.stepSeconds();
        step++;
      }
      return new Result(policy.name(), now, busySteps / ((double) workers * Math.max(1, step)),
          busySteps * capacity, moved, loads,
          decisions);
    }

    private double remaining() {
      double left = 0;
      for (double x : pool) {
        left += x;
      }
      for (double[] q : queue) {
        for (double x : q) {
          left += x;
        }
      }
      return left;
    }

    /** Holders with room take rays from the out queues, an even share of each per holder. */
    private void dispatch() {
      Arrays.fill(readyCopies, 0);
      for (int w = 0; w < workers; w++) {
        for (int i = 0; i < held[w].length; i++) {
          if (readyAt[w][i] <= now) {
            readyCopies[held[w][i]]++;
          }
        }
      }
      double[] taken = scratch;
      Arrays.fill(taken, 0);
      for (int w = 0; w < workers; w++) {
        double free = room - sum(queue[w]);
        double want = 0;
        for (int i = 0; i < held[w].length; i++) {
          if (readyAt[w][i] <= now) {
            want += pool[held[w][i]] / readyCopies[held[w][i]];
          }
        }
        if (free <= 0 || want <= 0) {
          continue;
        }
        double f = Math.min(1, free / want);
        for (int i = 0; i < held[w].length; i++) {
          int t = held[w][i];
          if (readyAt[w][i] <= now && pool[t] > 0) {
            double x = pool[t] / readyCopies[t] * f;
            queue[w][i] += x;
            taken[t] += x;
          }
        }
      }
      for (int t = 0; t < treelets; t++) {
        pool[t] = Math.max(0, pool[t] - taken[t]);
        if (t != 0) {
          moved += taken[t];
        }
      }
    }

    /** Every worker traces one step's worth; continuing rays go to its own queues or out queues. */
    private void trace() {
      double[] stayed = scratch;
      Arrays.fill(stayed, 0);
      double produced = 0;
      double[] dest = scene.destination;
      for (int w = 0; w < workers; w++) {
        double backlog = 0;
        for (int i = 0; i < held[w].length; i++) {
          if (readyAt[w][i] <= now) {
            backlog += queue[w][i];
          }
        }
        if (backlog <= 0) {
          continue;
        }
        double f = Math.min(1, capacity / backlog);
        double traced = backlog * f;
        double next = traced * scene.continueProbability;
        busyInPeriod[w] += traced / capacity;
        busySteps += traced / capacity;
        produced += next;
        for (int i = 0; i < held[w].length; i++) {
          if (readyAt[w][i] <= now) {
            int u = held[w][i];
            queue[w][i] = queue[w][i] * (1 - f) + next * dest[u];
            stayed[u] += next;
          }
        }
      }
      for (int u = 0; u < treelets; u++) {
        pool[u] += dest[u] * (produced - stayed[u]);
      }
    }

    private void decide() {
      // A worker's share: its own queues, and an even part of the out queues of what it holds loaded
      // (the dispatcher splits them so; readyCopies is as of the last step's dispatch).
      double[] waiting = pool.clone();
      double[] share = new double[workers];
      for (int w = 0; w < workers; w++) {
        for (int i = 0; i < held[w].length; i++) {
          int t = held[w][i];
          waiting[t] += queue[w][i];
          share[w] += queue[w][i] + (readyAt[w][i] <= now && readyCopies[t] > 0 ? pool[t] / readyCopies[t] : 0);
        }
      }
      double[] busy = new double[workers];
      for (int w = 0; w < workers; w++) {
        busy[w] = busyInPeriod[w] / periodSteps;
      }
      Arrays.fill(busyInPeriod, 0);
      AllocationDraft draft = new AllocationDraft(allocation, scene.treeletBytes, params.workerBudget());
      policy.decide(draft, new Load(waiting, share, busy, params.raysPerSecond() * params.periodSeconds()));
      if (!draft.changes().isEmpty()) {
        decisions++;
        allocation = draft.build(allocation.epoch() + 1);
        apply(allocation, false);
      }
    }

    /** Moves every worker to its treelets in a: kept ones keep their queues, new ones load, dropped ones forward. */
    private void apply(Allocation a, boolean initial) {
      int[] count = new int[workers];
      for (int t = 0; t < treelets; t++) {
        for (int w : a.holders(t)) {
          count[w]++;
        }
      }
      int[][] next = new int[workers][];
      for (int w = 0; w < workers; w++) {
        next[w] = new int[count[w]];
        count[w] = 0;
      }
      for (int t = 0; t < treelets; t++) {
        for (int w : a.holders(t)) {
          next[w][count[w]++] = t;
        }
      }
      for (int w = 0; w < workers; w++) {
        double[] q = new double[next[w].length];
        double[] r = new double[next[w].length];
        int i = 0;
        for (int j = 0; j < next[w].length; j++) {
          int t = next[w][j];
          while (i < held[w].length && held[w][i] < t) {
            dropped(w, i++);
          }
          if (i < held[w].length && held[w][i] == t) {
            q[j] = queue[w][i];
            r[j] = readyAt[w][i];
            i++;
          } else {
            r[j] = initial ? 0 : now + scene.treeletBytes[t] / params.loadBytesPerSecond();
            loads += initial ? 0 : 1;
          }
        }
        while (i < held[w].length) {
          dropped(w, i++);
        }
        held[w] = next[w];
        queue[w] = q;
        readyAt[w] = r;
      }
    }

    private void dropped(int w, int i) {
      pool[held[w][i]] += queue[w][i];
      moved += queue[w][i];
    }
  }

  private static double sum(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s;
  }
}
