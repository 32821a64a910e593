package dev.treelet.tracer.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeterministicSamplerTest {
  @Test
  void valuesArePureFunctionsOfTheirCoordinates() {
    float a = DeterministicSampler.get(7, 1234, 5, 9);
    DeterministicSampler.get(7, 99, 1, 1); // nothing a call does changes another's value
    assertEquals(a, DeterministicSampler.get(7, 1234, 5, 9));
    assertNotEquals(a, DeterministicSampler.get(8, 1234, 5, 9), "the seed matters");
    assertNotEquals(a, DeterministicSampler.get(7, 1235, 5, 9), "the pixel matters");
  }

  @Test
  void eachDimensionIsStratifiedOverThePixelsSamples() {
    // Owen-scrambled Sobol: the first 2^k samples of any dimension fall one in each interval of 1/2^k.
    for (int dim = 0; dim < 12; dim++) {
      boolean[] seen = new boolean[64];
      for (int s = 0; s < 64; s++) {
        float u = DeterministicSampler.get(3, 77, s, dim);
        assertTrue(u >= 0 && u < 1);
        int cell = (int) (u * 64);
        assertTrue(!seen[cell], "dimension " + dim + ": two samples in cell " + cell);
        seen[cell] = true;
      }
    }
  }

  @Test
  void pairsAreStratifiedIn2d() {
    // Dimensions (2k, 2k+1) form a (0,2)-sequence: 16 samples, one in each 4x4 cell.
    boolean[] seen = new boolean[16];
    for (int s = 0; s < 16; s++) {
      int x = (int) (DeterministicSampler.get(5, 3, s, 4) * 4);
      int y = (int) (DeterministicSampler.get(5, 3, s, 5) * 4);
      assertTrue(!seen[4 * y + x], "two samples in cell " + x + "," + y);
      seen[4 * y + x] = true;
    }
  }

  @Test
  void differentPixelsAreDecorrelated() {
    double sum = 0;
    int n = 20000;
    for (int p = 0; p < n; p++) {
      sum += (DeterministicSampler.get(1, p, 0, 0) - 0.5) * (DeterministicSampler.get(1, p + 1, 0, 0) - 0.5);
    }
    assertEquals(0, sum / n, 0.005, "neighbouring pixels' first samples are uncorrelated");
  }
}
