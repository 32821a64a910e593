package dev.treelet.operators.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.operators.wire.TilePlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CameraScheduleTest {
  @Test
  void issuesEveryTileSampleOnceWithinCreditsAndEndsWhenAllTilesComplete() throws Exception {
    TilePlan plan = new TilePlan(5, 3, 2); // 6 tiles, 15 pixels
    CameraSchedule s = new CameraSchedule(plan, 4, 8, 16);
    long issued = 0;
    int[] perTile = new int[plan.tileCount()];
    CameraSchedule.Work w;
    while ((w = s.next()) != null) {
      issued += w.paths();
      perTile[w.tile()] += w.sampleTo() - w.sampleFrom();
      assertTrue(s.inFlight() <= 16 || s.inFlight() == w.paths());
    }
    assertTrue(issued < 15 * 4, "credits stop issuing before the end");
    // Round-trip the state as a checkpoint would, then finish from the copy.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.write(new DataOutputStream(bytes));
    CameraSchedule copy = new CameraSchedule(plan, 4, 8, 16);
    copy.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(s.inFlight(), copy.inFlight());
    copy.credit((int) copy.inFlight(), false);
    while (true) {
      w = copy.next();
      if (w == null) {
        if (copy.inFlight() == 0) {
          break;
        }
        copy.credit((int) copy.inFlight(), false);
        continue;
      }
      issued += w.paths();
      perTile[w.tile()] += w.sampleTo() - w.sampleFrom();
    }
    assertEquals(15 * 4, issued);
    for (int t = 0; t < perTile.length; t++) {
      assertEquals(4, perTile[t], "tile " + t);
    }
    assertFalse(copy.done());
    for (int t = 0; t < plan.tileCount(); t++) {
      copy.credit(0, true);
    }
    assertTrue(copy.done());
    assertNull(copy.next());
  }

  @Test
  void pathsInFlightAreSpreadOverTilesFarApart() {
    // The terrain bench's shape: 320 x 240 in 16 x 16 tiles (20 x 15), 256 spp, bags of 1024 paths.
    TilePlan plan = new TilePlan(320, 240, 16);
    CameraSchedule s = new CameraSchedule(plan, 256, 1024, 1 << 16);
    Set<Integer> tiles = new TreeSet<>();
    Set<Integer> rows = new TreeSet<>();
    Set<Integer> columns = new TreeSet<>();
    CameraSchedule.Work w;
    while ((w = s.next()) != null) {
      tiles.add(w.tile());
      rows.add(w.tile() / plan.tilesX());
      columns.add(w.tile() % plan.tilesX());
    }
    assertEquals(1 << 16, s.inFlight());
    // One tile at a time, all 65,536 paths would be one tile's (256 pixels x 256 samples).
    assertEquals(64, tiles.size(), "tiles in progress");
    assertTrue(rows.size() >= 12, "tile rows touched: " + rows);
    assertTrue(columns.size() >= 16, "tile columns touched: " + columns);
  }

  @Test
  void scatterStrideVisitsEveryTileOnce() {
    for (int n = 1; n <= 400; n++) {
      int stride = CameraSchedule.scatterStride(n);
      boolean[] seen = new boolean[n];
      for (int i = 0; i < n; i++) {
        int t = (int) ((long) i * stride % n);
        assertFalse(seen[t], "n " + n + " stride " + stride + " repeats tile " + t);
        seen[t] = true;
      }
    }
  }

  @Test
  void tilePlanCoversEveryPixelOnce() {
    TilePlan plan = new TilePlan(37, 21, 16);
    boolean[] seen = new boolean[37 * 21];
    for (int t = 0; t < plan.tileCount(); t++) {
      for (int i = 0; i < plan.pixelCount(t); i++) {
        int p = plan.pixel(t, i);
        assertFalse(seen[p]);
        seen[p] = true;
        assertEquals(t, plan.tileOf(p));
        assertEquals(i, plan.localIndex(p));
      }
    }
  }
}
