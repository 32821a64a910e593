package dev.treelet.tracer.shading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FresnelTest {
  @Test
  void aConductorWithoutAbsorptionIsADielectric() {
    for (float cos = 0.05f; cos <= 1; cos += 0.05f) {
      assertEquals(Fresnel.dielectric(cos, 1.5f), Fresnel.conductor(cos, 1.5f, 0), 1e-5, "cos " + cos);
    }
  }

  @Test
  void normalIncidenceMatchesTheClosedForm() {
    // R(0) = ((eta - 1)^2 + k^2) / ((eta + 1)^2 + k^2); gold's red channel.
    float eta = 0.143119f;
    float k = 3.98316f;
    double expected = ((eta - 1) * (eta - 1) + k * k) / ((eta + 1) * (eta + 1) + k * k);
    assertEquals(expected, Fresnel.conductor(1, eta, k), 1e-5);
    assertEquals(1, Fresnel.conductor(0, eta, k), 1e-5, "grazing incidence reflects everything");
  }
}
