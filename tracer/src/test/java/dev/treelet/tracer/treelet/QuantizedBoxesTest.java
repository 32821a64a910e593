package dev.treelet.tracer.treelet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.bvh.Bvh;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantizedBoxesTest {
  @Test
  void decodedBoxesAlwaysContainTheTrueOnesAndEmptySlotsStayEmpty() {
    SplittableRandom rnd = new SplittableRandom(9);
    int nodes = 2000;
    float[] bounds = new float[Bvh.BOUNDS_PER_NODE * nodes];
    for (int n = 0; n < nodes; n++) {
      double magnitude = Math.pow(10, rnd.nextInt(-3, 6)); // from millimetres to kilometres, far from 0
      double offset = rnd.nextDouble(-1e4, 1e4);
      for (int c = 0; c < Bvh.WIDTH; c++) {
        boolean empty = c >= 6 && rnd.nextBoolean();
        for (int a = 0; a < 3; a++) {
          float lo = (float) (offset + rnd.nextDouble(-magnitude, magnitude));
          float hi = rnd.nextInt(10) == 0 ? lo : (float) (lo + rnd.nextDouble(0, magnitude));
          bounds[Bvh.bound(n, a, c)] = empty ? Float.POSITIVE_INFINITY : lo;
          bounds[Bvh.bound(n, 3 + a, c)] = empty ? Float.NEGATIVE_INFINITY : hi;
        }
      }
    }
    byte[] q = new byte[bounds.length];
    float[] frame = new float[6 * nodes];
    QuantizedBoxes.quantize(bounds, nodes, q, frame);
    for (int n = 0; n < nodes; n++) {
      for (int c = 0; c < Bvh.WIDTH; c++) {
        for (int a = 0; a < 3; a++) {
          float min = bounds[Bvh.bound(n, a, c)];
          float max = bounds[Bvh.bound(n, 3 + a, c)];
          float dMin = Math.fma((float) q[Bvh.bound(n, a, c)], frame[6 * n + 3 + a], frame[6 * n + a]);
          float dMax = Math.fma((float) q[Bvh.bound(n, 3 + a, c)], frame[6 * n + 3 + a], frame[6 * n + a]);
          if (min > max) {
            assertTrue(dMin > dMax, "an empty slot must decode inverted, node " + n + " child " + c);
          } else {
            assertTrue(dMin <= min && dMax >= max, "node " + n + " child " + c + " axis " + a + ": [" + min + ", "
                + max + "] decoded as [" + dMin + ", " + dMax + "]");
          }
        }
      }
    }
  }
}
