package dev.treelet.tracer.scene;

/**
 * A material's parameters in RGB. Small, and replicated on every worker. The BSDFs that evaluate
 * these live in {@code dev.treelet.tracer.shading}; approximations of pbrt's models are documented
 * there.
 *
 * @param reflectance diffuse albedo (diffuse, coateddiffuse) or the conductor's reflectance when given
 * @param eta index of refraction: per channel for conductors, [0] for dielectric and the coat
 * @param k conductor absorption per channel
 * @param alpha GGX roughness (0 = perfectly smooth)
 */
public record Material(
    String name, Type type, float[] reflectance, float[] eta, float[] k, float alpha) {

  public enum Type {
    DIFFUSE,
    CONDUCTOR,
    DIELECTRIC,
    COATED_DIFFUSE,
    /** pbrt's "interface": no surface, rays pass straight through. */
    INTERFACE
  }

  public static Material diffuse(String name, float r, float g, float b) {
    return new Material(name, Type.DIFFUSE, new float[] {r, g, b}, new float[3], new float[3], 0);
  }
}
