package dev.treelet.tracer.scene.pbrt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The parameters of one directive, with typed lookups. Asking for a parameter under the wrong type is
 * an error naming file:line (pbrt is strict about "integer" vs "float" and so are we); parameters no
 * one asked for are reported as warnings, never silently ignored.
 */
final class ParamList {
  private final Path file;
  private final String directive;
  private final List<Param> params = new ArrayList<>();

  ParamList(Path file, String directive) {
    this.file = file;
    this.directive = directive;
  }

  void add(Param p) {
    for (Param q : params) {
      if (q.name.equals(p.name)) {
        throw new SceneError(file, p.line, directive + ": parameter \"" + p.name + "\" is given twice; keep one");
      }
    }
    params.add(p);
  }

  String directive() {
    return directive;
  }

  boolean has(String name) {
    return find(name) != null;
  }

  float getFloat(String name, float def) {
    Param p = typed(name, "float");
    return p == null ? def : (float) single(p).numbers[0];
  }

  int getInt(String name, int def) {
    Param p = typed(name, "integer");
    return p == null ? def : (int) single(p).numbers[0];
  }

  String getString(String name, String def) {
    Param p = typed(name, "string");
    return p == null ? def : single(p).strings[0];
  }

  boolean getBool(String name, boolean def) {
    Param p = typed(name, "bool");
    return p == null ? def : single(p).bools[0];
  }

  int[] getInts(String name) {
    Param p = typed(name, "integer");
    if (p == null) {
      return null;
    }
    int[] r = new int[p.numbers.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (int) p.numbers[i];
    }
    return r;
  }

  /** A point3/vector3/normal3/point2/float array parameter of the given type, or null. */
  float[] getFloats(String name, String type, int tuple) {
    Param p = typed(name, type);
    if (p == null) {
      return null;
    }
    if (p.numbers.length % tuple != 0) {
      throw new SceneError(file, p.line, directive + ": \"" + type + " " + name + "\" has "
          + p.numbers.length + " values, not a multiple of " + tuple);
    }
    float[] r = new float[p.numbers.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) p.numbers[i];
    }
    return r;
  }

  /**
   * An RGB colour given as "rgb", a constant or named "spectrum", or "blackbody" (approximated), or
   * def when absent. Textures are not supported: a "texture" parameter warns and gives def.
   */
  float[] getRgb(String name, float[] def, Consumer<String> warn) {
    Param p = find(name);
    if (p == null) {
      return def;
    }
    p.used = true;
    switch (p.type) {
      case "rgb":
        if (p.numbers == null || p.numbers.length != 3) {
          throw new SceneError(file, p.line, directive + ": \"rgb " + name + "\" needs exactly 3 numbers");
        }
        return new float[] {(float) p.numbers[0], (float) p.numbers[1], (float) p.numbers[2]};
      case "float":
        float v = (float) single(p).numbers[0];
        return new float[] {v, v, v};
      case "spectrum":
        return spectrum(p, def, warn);
      case "blackbody":
        warn.accept(SceneError.location(file, p.line) + ": " + directive + ": \"blackbody " + name
            + "\" is approximated as white of the same luminance scale (1); use \"rgb " + name + "\" for colour");
        return new float[] {1, 1, 1};
      case "texture":
        warn.accept(SceneError.location(file, p.line) + ": " + directive + ": textures are not supported yet; \""
            + name + "\" uses its default");
        return def;
      default:
        throw wrongType(p, "rgb");
    }
  }

  private float[] spectrum(Param p, float[] def, Consumer<String> warn) {
    if (p.strings != null) {
      float[] rgb = NamedSpectra.rgb(p.strings[0]);
      if (rgb == null) {
        warn.accept(SceneError.location(file, p.line) + ": " + directive + ": unknown named spectrum \""
            + p.strings[0] + "\"; using the default. Known: " + NamedSpectra.names());
        return def;
      }
      return rgb.clone();
    }
    if (p.numbers.length == 1) {
      float v = (float) p.numbers[0];
      return new float[] {v, v, v};
    }
    if (p.numbers.length % 2 != 0) {
      throw new SceneError(file, p.line, directive + ": \"spectrum " + p.name
          + "\" needs (wavelength, value) pairs: an even count of numbers");
    }
    // Sampled spectrum: average the values over the bands of R, G, B (a documented approximation).
    return NamedSpectra.fromSamples(p.numbers);
  }

  /** Warns once for each parameter nobody read. */
  void reportUnused(Consumer<String> warn) {
    for (Param p : params) {
      if (!p.used) {
        warn.accept(SceneError.location(file, p.line) + ": " + directive + ": parameter \"" + p.type + " "
            + p.name + "\" is not supported and was ignored");
      }
    }
  }

  private Param find(String name) {
    for (Param p : params) {
      if (p.name.equals(name)) {
        return p;
      }
    }
    return null;
  }

  private Param typed(String name, String type) {
    Param p = find(name);
    if (p == null) {
      return null;
    }
    p.used = true;
    if (!p.type.equals(type)) {
      throw wrongType(p, type);
    }
    if (p.size() == 0) {
      throw new SceneError(file, p.line, directive + ": \"" + type + " " + name + "\" has no values");
    }
    return p;
  }

  private Param single(Param p) {
    if (p.size() != 1) {
      throw new SceneError(file, p.line, directive + ": \"" + p.type + " " + p.name
          + "\" takes one value, not " + p.size());
    }
    return p;
  }

  private SceneError wrongType(Param p, String expected) {
    return new SceneError(file, p.line, directive + ": parameter \"" + p.name + "\" is declared \"" + p.type
        + "\" but must be \"" + expected + "\"; write \"" + expected + " " + p.name + "\"");
  }
}
