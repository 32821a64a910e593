package dev.treelet.coordinator.ha;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.treelet.coordinator.protocol.RenderPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * The render the coordinators serve, kept in ZooKeeper under root: the leader writes the plan
 * {@code ./treelet submit} registered, and a standby elected later reads it to build the same
 * render's loop. Each plan has its own allocation journal, named by a digest of the plan.
 */
public final class ZkRenderPlans {
  private final CuratorFramework zk;
  private final String root;
  private final ObjectMapper json = new ObjectMapper();

  public ZkRenderPlans(CuratorFramework zk, String root) {
    this.zk = zk;
    this.root = root;
  }

  public void save(RenderPlan plan) throws Exception {
    byte[] data = json.writeValueAsBytes(plan);
    try {
      zk.setData().forPath(root + "/plan", data);
    } catch (KeeperException.NoNodeException first) {
      zk.create().creatingParentsIfNeeded().forPath(root + "/plan", data);
    }
  }

  public Optional<RenderPlan> current() throws Exception {
    try {
      return Optional.of(json.readValue(zk.getData().forPath(root + "/plan"), RenderPlan.class));
    } catch (KeeperException.NoNodeException none) {
      return Optional.empty();
    }
  }

  /** The allocation journal of plan. */
  public ZkAllocationJournal journal(RenderPlan plan) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(plan)
          .getBytes(StandardCharsets.UTF_8));
      return new ZkAllocationJournal(zk, root + "/journal/" + HexFormat.of().formatHex(digest, 0, 8));
    } catch (java.security.NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot name the journal of " + plan, e); // SHA-256 is in every JDK
    }
  }
}
