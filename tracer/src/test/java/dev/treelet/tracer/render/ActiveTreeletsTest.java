package dev.treelet.tracer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ActiveTreeletsTest {
  @Test
  void holdsWhatASetHoldsThroughRandomAddsRemovesAndClears() {
    Random rnd = new Random(3);
    ActiveTreelets active = new ActiveTreelets(50);
    Set<Integer> expected = new TreeSet<>();
    for (int step = 0; step < 20_000; step++) {
      int t = rnd.nextInt(50);
      int op = rnd.nextInt(100);
      if (op < 50) {
        active.add(t);
        expected.add(t);
      } else if (op < 99) {
        active.remove(t);
        expected.remove(t);
      } else {
        active.clear();
        expected.clear();
      }
      Set<Integer> members = new TreeSet<>();
      for (int i = 0; i < active.size(); i++) {
        members.add(active.get(i));
      }
      assertEquals(expected.size(), active.size(), "no member twice");
      assertEquals(expected, members);
    }
  }
}
