package dev.treelet.coordinator.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.coordinator.AllocationJournal;
import dev.treelet.coordinator.Coordinator;
import dev.treelet.coordinator.protocol.Allocation;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Two coordinators against an embedded ZooKeeper server: one leads, the other takes over when it
 * goes and continues from the allocation and epoch the first recorded; the deposed one, should it
 * still try to publish, is fenced and publishes nothing.
 */
class FailoverTest {
  private static final String JOURNAL = "/treelet/render/allocation";
  private static final String ELECTION = "/treelet/render/leader";

  private static CuratorFramework client(TestingServer zk) {
    CuratorFramework c = CuratorFrameworkFactory.newClient(zk.getConnectString(), 5_000, 5_000, new RetryOneTime(100));
    c.start();
    return c;
  }

  private static Coordinator coordinator() {
    return new Coordinator(new Allocation(1, false, 2, new int[][] {{0, 1}, {0}, {1}}), 100);
  }

  @Test
  void aStandbyTakesOverFromTheRecordedEpochAndTheDeposedLeaderIsFenced() throws Exception {
    try (TestingServer zk = new TestingServer(true); CuratorFramework za = client(zk); CuratorFramework zb = client(zk)) {
      Leadership a = new Leadership(za, ELECTION, "a:7070");
      assertTrue(a.await(10_000), "the first coordinator leads");
      Leadership b = new Leadership(zb, ELECTION, "b:7070");
      assertFalse(b.await(300), "never two leaders");
      assertEquals("a:7070", b.leader());

      Coordinator first = coordinator();
      assertEquals(2, first.takeOver(new ZkAllocationJournal(za, JOURNAL)).epoch(), "nothing recorded yet: from its own");
      first.pause("before failing");
      assertEquals(3, first.allocation().epoch());

      a.close(); // the leader goes (its latch released, as when its process or session ends)
      assertTrue(b.await(10_000), "the standby is elected");
      Coordinator second = coordinator();
      Allocation continued = second.takeOver(new ZkAllocationJournal(zb, JOURNAL));
      assertEquals(4, continued.epoch(), "above every epoch the job has seen");
      assertTrue(continued.paused(), "the recorded map itself, not the standby's initial one");

      assertThrows(AllocationJournal.Fenced.class, () -> first.resume("a deposed leader that did not notice"));
      assertEquals(3, first.allocation().epoch(), "fenced: nothing published");
      assertEquals(5, second.resume("the new leader").epoch(), "the new leader goes on");
      b.close();
    }
  }
}
