package dev.treelet.tracer.film;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FilmTest {
  @Test
  void sumsDoNotDependOnOrder() {
    float[] values = {0.1f, 1e-7f, 3.3f, 12345.678f, 0.2f, 7e-4f};
    Film a = new Film(1, 1);
    Film b = new Film(1, 1);
    for (int i = 0; i < values.length; i++) {
      a.add(0, values[i], 0, 0, 1);
      b.add(0, values[values.length - 1 - i], 0, 0, 1);
    }
    assertEquals(a.fixedSum(0, 0), b.fixedSum(0, 0));
    assertEquals(6, a.samples(0));
  }

  @Test
  void shadowContributionsAddLightButNoSamples() {
    Film f = new Film(2, 1);
    f.add(1, 1, 2, 3, 1);
    f.add(1, 1, 0, 1, 0);
    assertEquals(1, f.samples(1));
    assertEquals(2, f.value(1, 0), 1e-6);
    assertEquals(0, f.minSamples());
    assertEquals(1, f.maxSamples());
  }

  @Test
  void nonFiniteContributionsAreDroppedButCounted() {
    Film f = new Film(1, 1);
    f.add(0, Float.NaN, 1, 1, 1);
    f.add(0, 1, 1, 1, 1);
    assertEquals(2, f.samples(0));
    assertEquals(1, f.droppedContributions());
    assertEquals(0.5, f.value(0, 1), 1e-7);
  }
}
