package dev.treelet.tracer.scene.pbrt;

import dev.treelet.tracer.scene.Material;
import dev.treelet.tracer.scene.Material.Type;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Turns a pbrt material directive into a {@link Material}, with pbrt-v4's defaults. */
final class MaterialFactory {
  private MaterialFactory() {}

  static Material create(String name, String type, ParamList p, Consumer<String> warn, Path file, int line) {
    Material m = switch (type) {
      case "diffuse" -> new Material(name, Type.DIFFUSE,
          p.getRgb("reflectance", new float[] {0.5f, 0.5f, 0.5f}, warn), new float[3], new float[3], 0);
      case "coateddiffuse" -> new Material(name, Type.COATED_DIFFUSE,
          p.getRgb("reflectance", new float[] {0.5f, 0.5f, 0.5f}, warn),
          uniform(scalarEta(p, 1.5f, warn)), new float[3], alpha(p, 0, warn));
      case "conductor" -> conductor(name, p, warn);
      case "dielectric", "thindielectric" -> {
        float alpha = alpha(p, 0, warn);
        if (alpha > 0) {
          warn.accept(SceneError.location(file, line) + ": rough dielectric \"" + name
              + "\" is rendered as smooth glass (a documented approximation)");
        }
        yield new Material(name, Type.DIELECTRIC, new float[3], uniform(scalarEta(p, 1.5f, warn)), new float[3], 0);
      }
      case "interface", "", "none" -> new Material(name, Type.INTERFACE, new float[3], new float[3], new float[3], 0);
      default -> {
        warn.accept(SceneError.location(file, line) + ": material type \"" + type
            + "\" is not supported; rendered as diffuse with its \"reflectance\" or grey 0.5");
        yield new Material(name, Type.DIFFUSE,
            p.getRgb("reflectance", new float[] {0.5f, 0.5f, 0.5f}, s -> { }), new float[3], new float[3], 0);
      }
    };
    p.has("displacement"); // looked up so that the unused-parameter report names it
    p.reportUnused(warn);
    return m;
  }

  private static Material conductor(String name, ParamList p, Consumer<String> warn) {
    float alpha = alpha(p, 0, warn);
    float[] reflectance = p.getRgb("reflectance", null, warn);
    if (reflectance != null) {
      // pbrt-v4: a given reflectance replaces eta/k; we fit eta = 1, k from r = |(1-ik)/(1+ik)|^2.
      float[] k = new float[3];
      for (int i = 0; i < 3; i++) {
        float r = Math.min(0.9999f, Math.max(0, reflectance[i]));
        k[i] = (float) (2 * Math.sqrt(r) / Math.sqrt(1 - r));
      }
      return new Material(name, Type.CONDUCTOR, reflectance, new float[] {1, 1, 1}, k, alpha);
    }
    float[] eta = p.getRgb("eta", NamedSpectra.rgb("metal-Cu-eta"), warn);
    float[] k = p.getRgb("k", NamedSpectra.rgb("metal-Cu-k"), warn);
    return new Material(name, Type.CONDUCTOR, new float[3], eta.clone(), k.clone(), alpha);
  }

  private static float scalarEta(ParamList p, float def, Consumer<String> warn) {
    float[] eta = p.getRgb("eta", new float[] {def, def, def}, warn);
    return eta[1];
  }

  /** pbrt-v4: "roughness" or u/vroughness (averaged), remapped to GGX alpha = sqrt(r) by default. */
  private static float alpha(ParamList p, float def, Consumer<String> warn) {
    float r = p.getFloat("roughness", def);
    if (p.has("uroughness") || p.has("vroughness")) {
      r = (p.getFloat("uroughness", r) + p.getFloat("vroughness", r)) / 2;
    }
    boolean remap = p.getBool("remaproughness", true);
    return remap ? (float) Math.sqrt(Math.max(0, r)) : Math.max(0, r);
  }

  private static float[] uniform(float v) {
    return new float[] {v, v, v};
  }
}
