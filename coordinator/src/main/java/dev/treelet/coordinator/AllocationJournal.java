package dev.treelet.coordinator;

import dev.treelet.coordinator.protocol.Allocation;
import java.util.Optional;

/**
 * Where a coordinator records each allocation before it publishes it, so a standby that takes over
 * continues from the last one and its epoch ({@code ha.ZkAllocationJournal}: in ZooKeeper). A journal
 * is also the fence between coordinators: a record made by a coordinator that is no longer the one
 * writing (another has written since it last read or wrote) is refused with {@link Fenced}, and that
 * allocation is never published. The job's routers ignore epochs not newer than theirs, so a deposed
 * coordinator can never undo the new leader's maps.
 */
public interface AllocationJournal {
  /** No journal: a coordinator on its own. */
  AllocationJournal NONE = new AllocationJournal() {
    @Override
    public Optional<Allocation> last() {
      return Optional.empty();
    }

    @Override
    public void record(Allocation next) {}
  };

  /** The allocation last recorded, by anyone; empty if none. Reading makes this journal current. */
  Optional<Allocation> last();

  /** Records next, or refuses with {@link Fenced} if another coordinator has recorded since. */
  void record(Allocation next);

  /** This coordinator has been superseded: it must stop publishing. */
  final class Fenced extends RuntimeException {
    public Fenced(String message) {
      super(message);
    }
  }
}
