package dev.treelet.tracer.scene.pbrt;

import java.util.Map;
import java.util.TreeMap;

/**
 * RGB stand-ins for pbrt-v4's named spectra. We render in RGB, so each measured spectrum is reduced
 * to its values near 650, 550 and 450 nm (the usual RGB fits for these metals and glasses).
 */
final class NamedSpectra {
  private static final Map<String, float[]> TABLE = new TreeMap<>();

  static {
    put("metal-Cu-eta", 0.200438f, 0.924033f, 1.10221f);
    put("metal-Cu-k", 3.91295f, 2.45285f, 2.14219f);
    put("metal-Au-eta", 0.143119f, 0.374957f, 1.44248f);
    put("metal-Au-k", 3.98316f, 2.38572f, 1.60322f);
    put("metal-Ag-eta", 0.155265f, 0.116723f, 0.138342f);
    put("metal-Ag-k", 4.82835f, 3.12225f, 2.14696f);
    put("metal-Al-eta", 1.65746f, 0.880369f, 0.521229f);
    put("metal-Al-k", 9.22387f, 6.26952f, 4.837f);
    put("metal-CuZn-eta", 0.444f, 0.527f, 1.094f);
    put("metal-CuZn-k", 3.695f, 2.765f, 1.829f);
    put("glass-BK7", 1.5168f, 1.5168f, 1.5168f);
    put("glass-BAF10", 1.67f, 1.67f, 1.67f);
    put("glass-FK51A", 1.4866f, 1.4866f, 1.4866f);
    put("glass-LASF9", 1.8503f, 1.8503f, 1.8503f);
    put("glass-F5", 1.6034f, 1.6034f, 1.6034f);
    put("glass-F10", 1.6200f, 1.6200f, 1.6200f);
    put("glass-F11", 1.6209f, 1.6209f, 1.6209f);
  }

  private NamedSpectra() {}

  private static void put(String name, float r, float g, float b) {
    TABLE.put(name, new float[] {r, g, b});
  }

  static float[] rgb(String name) {
    return TABLE.get(name);
  }

  static String names() {
    return String.join(", ", TABLE.keySet());
  }

  /** Mean of the sampled values in the bands 600-700 (R), 500-600 (G) and 400-500 nm (B). */
  static float[] fromSamples(double[] pairs) {
    float[] rgb = new float[3];
    int[] n = new int[3];
    for (int i = 0; i < pairs.length; i += 2) {
      double lambda = pairs[i];
      int band = lambda >= 600 ? 0 : lambda >= 500 ? 1 : 2;
      rgb[band] += (float) pairs[i + 1];
      n[band]++;
    }
    float all = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      all += (float) pairs[i + 1];
    }
    for (int b = 0; b < 3; b++) {
      rgb[b] = n[b] > 0 ? rgb[b] / n[b] : all / (pairs.length / 2);
    }
    return rgb;
  }
}
