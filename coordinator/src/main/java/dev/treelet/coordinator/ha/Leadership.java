package dev.treelet.coordinator.ha;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;

/**
 * One coordinator's part in electing the leader among several (Curator's LeaderLatch on a ZooKeeper
 * path): exactly one holds the latch while ZooKeeper sees its session; when it goes, another is
 * chosen. Leadership alone is not trusted to be exclusive (a paused process may not know it lost its
 * session yet): what the leader publishes is fenced by the journal ({@link ZkAllocationJournal}).
 */
public final class Leadership implements AutoCloseable {
  private final LeaderLatch latch;

  /** Joins the election at path as id (e.g. the coordinator's address, so others can name the leader). */
  public Leadership(CuratorFramework zk, String path, String id) throws Exception {
    this(zk, path, id, () -> { }, () -> { });
  }

  /** Likewise, calling onLead when this one becomes the leader and onLose when it stops being it. */
  public Leadership(CuratorFramework zk, String path, String id, Runnable onLead, Runnable onLose) throws Exception {
    latch = new LeaderLatch(zk, path, id);
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        onLead.run();
      }

      @Override
      public void notLeader() {
        onLose.run();
      }
    });
    latch.start();
  }

  /** Waits up to timeoutMillis to become the leader; true if it is. */
  public boolean await(long timeoutMillis) throws InterruptedException {
    return latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  public boolean isLeader() {
    return latch.hasLeadership();
  }

  /** The current leader's id, as far as ZooKeeper says; empty if none. */
  public String leader() throws Exception {
    return latch.getLeader().getId();
  }

  @Override
  public void close() throws Exception {
    latch.close();
  }
}
