package dev.treelet.coordinator.ha;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.treelet.coordinator.AllocationJournal;
import dev.treelet.coordinator.protocol.Allocation;
import dev.treelet.coordinator.protocol.AllocationJson;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The allocation journal in one ZooKeeper znode (the allocation as JSON, epoch included). Every
 * record is a compare-and-set on the znode's version as this journal last read or wrote it, so a
 * coordinator that another has superseded (it wrote since) is refused: that is the fencing.
 */
public final class ZkAllocationJournal implements AllocationJournal {
  private static final int ABSENT = -1;

  private final CuratorFramework zk;
  private final String path;
  private final ObjectMapper json = new ObjectMapper();
  private int version = ABSENT;

  public ZkAllocationJournal(CuratorFramework zk, String path) {
    this.zk = zk;
    this.path = path;
  }

  @Override
  public synchronized Optional<Allocation> last() {
    try {
      Stat stat = new Stat();
      byte[] data = zk.getData().storingStatIn(stat).forPath(path);
      version = stat.getVersion();
      return Optional.of(json.readValue(data, AllocationJson.class).toAllocation());
    } catch (KeeperException.NoNodeException none) {
      version = ABSENT;
      return Optional.empty();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the allocation journal at " + path + " in ZooKeeper (" + e
          + "); the job keeps its last map meanwhile", e);
    }
  }

  @Override
  public synchronized void record(Allocation next) {
    try {
      byte[] data = json.writeValueAsBytes(AllocationJson.of(next));
      if (version == ABSENT) {
        zk.create().creatingParentsIfNeeded().forPath(path, data);
        version = 0;
      } else {
        version = zk.setData().withVersion(version).forPath(path, data).getVersion();
      }
    } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException superseded) {
      throw new Fenced("another coordinator has recorded an allocation at " + path + " since this one last did;"
          + " epoch " + next.epoch() + " is not published");
    } catch (Exception e) {
      throw new IllegalStateException("cannot record epoch " + next.epoch() + " at " + path + " in ZooKeeper (" + e
          + "); not published, the job keeps its last map", e);
    }
  }
}
