package dev.treelet.pipeline;

import dev.treelet.coordinator.ha.Leadership;
import dev.treelet.coordinator.ha.ZkRenderPlans;
import dev.treelet.coordinator.protocol.RenderPlan;
import dev.treelet.coordinator.server.CoordinatorServer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A standalone coordinator as one of several sharing a ZooKeeper ensemble: the elected leader serves
 * the render (its plan and every map it publishes recorded in ZooKeeper first); the others answer 503
 * naming the leader, and the one elected next builds the same render's loop from the recorded plan and
 * continues from the recorded map, above every epoch the job has seen. A short session (4 s) lets a
 * dead leader's place be taken quickly; meanwhile the job traces on its last map.
 */
public final class HighAvailability implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(HighAvailability.class);
  private static final int SESSION_MILLIS = 4_000;

  private final CuratorFramework zk;
  private final ZkRenderPlans plans;
  private Leadership leadership;

  public HighAvailability(String zookeeper, String root) {
    zk = CuratorFrameworkFactory.builder().connectString(zookeeper).sessionTimeoutMs(SESSION_MILLIS)
        .connectionTimeoutMs(2_000).retryPolicy(new ExponentialBackoffRetry(200, 5)).build();
    zk.start();
    plans = new ZkRenderPlans(zk, root);
  }

  /** The planner for POST /render on the leader: records the plan, then serves it with its journal. */
  public CoordinatorServer.Render open(RenderPlan plan) {
    try {
      plans.save(plan);
      return RenderAllocation.open(plan, plans.journal(plan));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot record the render in ZooKeeper (" + e + "); try again", e);
    }
  }

  /** Joins the election at root/leader as self (the address clients dial), serving when elected. */
  public void join(CoordinatorServer server, String root, String self) throws Exception {
    leadership = new Leadership(zk, root + "/leader", self, () -> {
      LOG.info("elected leader as {}", self);
      try {
        plans.current().ifPresent(p -> server.serve(RenderAllocation.open(p, plans.journal(p))));
      } catch (Exception e) {
        LOG.error("elected, but cannot take over the recorded render", e);
      }
    }, () -> {
      LOG.warn("no longer the leader; serving nothing");
      server.serve(null);
    });
    server.followWhile(() -> leadership.isLeader() ? null : leader());
  }

  private String leader() {
    try {
      String id = leadership.leader();
      return id == null || id.isEmpty() ? "(none elected yet)" : id;
    } catch (Exception e) {
      return "(unknown: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws Exception {
    if (leadership != null) {
      leadership.close();
    }
    zk.close();
  }
}
