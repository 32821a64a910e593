package dev.treelet.tracer.scene.pbrt;

import dev.treelet.tracer.geometry.Transform;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.scene.pbrt.Tokenizer.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads pbrt-v4 scene files (the subset real public scenes use; see {@link SceneBuilder}) and hands
 * each directive to a {@link SceneBuilder}. Errors are {@link SceneError}s naming file:line; anything
 * recognised but not supported is a warning naming the directive and file:line.
 */
public final class PbrtParser {
  private static final int MAX_INCLUDE_DEPTH = 32;
  private static final Set<String> KNOWN_TYPES = Set.of("integer", "float", "point2", "vector2",
      "point3", "vector3", "normal3", "rgb", "spectrum", "blackbody", "string", "texture", "bool");
  private static final Set<String> IGNORED_WITH_WARNING = Set.of("PixelFilter", "ColorSpace",
      "Option", "Accelerator", "MakeNamedMedium", "MediumInterface", "Attribute", "TransformTimes",
      "ActiveTransform", "MakeNamedMaterialTexture");

  private final SceneBuilder builder;
  private final Consumer<String> warn;
  private final Path searchDirectory;
  private int includeDepth;

  private PbrtParser(Path searchDirectory, Consumer<String> warn) {
    this.searchDirectory = searchDirectory;
    this.warn = warn;
    this.builder = new SceneBuilder(warn, searchDirectory);
  }

  /** Parses a scene file; warnings go to warn, one line each. */
  public static Scene parse(Path file, Consumer<String> warn) {
    Path abs = file.toAbsolutePath().normalize();
    PbrtParser p = new PbrtParser(abs.getParent(), warn);
    String text;
    try {
      text = Files.readString(abs, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SceneError(file, 0, "scene file not found; check the path");
    } catch (IOException e) {
      throw new SceneError(file, 0, "cannot read the scene file: " + e.getMessage());
    }
    p.parseText(new Tokenizer(file, text));
    return p.builder.build(file);
  }

  /** Parses scene text held in memory (tests); relative paths resolve against searchDirectory. */
  public static Scene parseString(String text, Path searchDirectory, Consumer<String> warn) {
    PbrtParser p = new PbrtParser(searchDirectory, warn);
    Path name = searchDirectory.resolve("<string>");
    p.parseText(new Tokenizer(name, text));
    return p.builder.build(name);
  }

  private void parseText(Tokenizer t) {
    while (t.peek() != Kind.END) {
      if (t.peek() != Kind.WORD || !Character.isUpperCase(t.peekText().charAt(0))) {
        throw t.error("unexpected " + describe(t) + " where a directive (LookAt, Shape, ...) should start");
      }
      int line = t.peekLine();
      String d = t.next();
      directive(t, d, line);
    }
  }

  private void directive(Tokenizer t, String d, int line) {
    Path file = t.file();
    switch (d) {
      case "LookAt" -> {
        double[] v = numbers(t, d, 9);
        builder.concat(Transform.lookAt(new double[] {v[0], v[1], v[2]},
            new double[] {v[3], v[4], v[5]}, new double[] {v[6], v[7], v[8]}), file, line);
      }
      case "Translate" -> {
        double[] v = numbers(t, d, 3);
        builder.concat(Transform.translate(v[0], v[1], v[2]), file, line);
      }
      case "Scale" -> {
        double[] v = numbers(t, d, 3);
        if (v[0] == 0 || v[1] == 0 || v[2] == 0) {
          throw new SceneError(file, line, "Scale by zero makes the transform singular");
        }
        builder.concat(Transform.scale(v[0], v[1], v[2]), file, line);
      }
      case "Rotate" -> {
        double[] v = numbers(t, d, 4);
        builder.concat(Transform.rotate(v[0], v[1], v[2], v[3]), file, line);
      }
      case "Transform", "ConcatTransform" -> {
        double[] m = matrix(t, d);
        builder.transform(m, d.equals("Transform"), file, line);
      }
      case "Identity" -> builder.identity();
      case "CoordinateSystem" -> builder.coordinateSystem(string(t, d));
      case "CoordSysTransform" -> builder.coordSysTransform(string(t, d), file, line);
      case "ReverseOrientation" -> builder.reverseOrientation();
      case "WorldBegin" -> builder.worldBegin(file, line);
      case "WorldEnd" -> { } // pbrt-v3 syntax; the end of the file ends the world
      case "AttributeBegin", "TransformBegin" -> builder.attributeBegin(d.equals("TransformBegin"));
      case "AttributeEnd", "TransformEnd" -> builder.attributeEnd(file, line);
      case "Camera" -> builder.camera(string(t, d), params(t, d), file, line);
      case "Film" -> builder.film(string(t, d), params(t, d), file, line);
      case "Sampler" -> builder.sampler(string(t, d), params(t, d));
      case "Integrator" -> builder.integrator(string(t, d), params(t, d), file, line);
      case "Material" -> builder.material(string(t, d), params(t, d), file, line);
      case "MakeNamedMaterial" -> builder.makeNamedMaterial(string(t, d), params(t, d), file, line);
      case "NamedMaterial" -> builder.namedMaterial(string(t, d), file, line);
      case "Texture" -> {
        String name = string(t, d);
        string(t, d);
        string(t, d);
        params(t, d).reportUnused(s -> { });
        warn.accept(SceneError.location(file, line) + ": Texture \"" + name
            + "\" is not supported yet; materials that use it get their default value");
      }
      case "LightSource" -> builder.lightSource(string(t, d), params(t, d), file, line);
      case "AreaLightSource" -> builder.areaLightSource(string(t, d), params(t, d), file, line);
      case "Shape" -> builder.shape(string(t, d), params(t, d), file, line);
      case "ObjectBegin" -> builder.objectBegin(string(t, d), file, line);
      case "ObjectEnd" -> builder.objectEnd(file, line);
      case "ObjectInstance" -> builder.objectInstance(string(t, d), file, line);
      case "Include", "Import" -> include(t, string(t, d), line);
      default -> {
        skipArguments(t);
        String why = IGNORED_WITH_WARNING.contains(d) ? "is not supported and was ignored"
            : "is not a directive we know; it was skipped (a typo?)";
        warn.accept(SceneError.location(file, line) + ": " + d + " " + why);
      }
    }
  }

  private void include(Tokenizer t, String name, int line) {
    if (++includeDepth > MAX_INCLUDE_DEPTH) {
      throw new SceneError(t.file(), line, "Include nesting deeper than " + MAX_INCLUDE_DEPTH
          + " files: does a file include itself?");
    }
    Path target = searchDirectory.resolve(name);
    String text;
    try {
      text = Files.readString(target, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SceneError(t.file(), line, "included file \"" + name + "\" not found (looked for " + target
          + "; paths are relative to the main scene file's folder)");
    } catch (IOException e) {
      throw new SceneError(t.file(), line, "cannot read included file \"" + name + "\": " + e.getMessage());
    }
    parseText(new Tokenizer(target, text));
    includeDepth--;
  }

  private static void skipArguments(Tokenizer t) {
    while (t.peek() != Kind.END) {
      if (t.peek() == Kind.WORD && Character.isUpperCase(t.peekText().charAt(0))) {
        return;
      }
      t.next();
    }
  }

  private static String describe(Tokenizer t) {
    return switch (t.peek()) {
      case END -> "end of file";
      case STRING -> "string \"" + t.peekText() + "\"";
      default -> "\"" + t.peekText() + "\"";
    };
  }

  private static String string(Tokenizer t, String directive) {
    if (t.peek() != Kind.STRING) {
      throw t.error(directive + " expects a quoted string here, found " + describe(t));
    }
    return t.next();
  }

  private static double number(Tokenizer t, String directive) {
    if (t.peek() == Kind.WORD) {
      try {
        double v = Double.parseDouble(t.peekText());
        t.next();
        return v;
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw t.error(directive + " expects a number here, found " + describe(t));
  }

  private static double[] numbers(Tokenizer t, String directive, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = number(t, directive);
    }
    return v;
  }

  private static double[] matrix(Tokenizer t, String directive) {
    boolean bracket = t.peek() == Kind.OPEN;
    if (bracket) {
      t.next();
    }
    double[] v = numbers(t, directive, 16);
    if (bracket) {
      if (t.peek() != Kind.CLOSE) {
        throw t.error(directive + " takes exactly 16 numbers in [ ]; found " + describe(t));
      }
      t.next();
    }
    return v;
  }

  private ParamList params(Tokenizer t, String directive) {
    ParamList list = new ParamList(t.file(), directive);
    while (t.peek() == Kind.STRING) {
      int line = t.peekLine();
      String decl = t.next().trim();
      String[] w = decl.split("\\s+");
      if (w.length != 2) {
        throw new SceneError(t.file(), line, directive + ": parameter \"" + decl
            + "\" must be written \"type name\", e.g. \"float fov\"");
      }
      String type = Param.canonicalType(w[0]);
      if (!KNOWN_TYPES.contains(type)) {
        throw new SceneError(t.file(), line, directive + ": unknown parameter type \"" + w[0] + "\" in \""
            + decl + "\"; types are " + String.join(", ", new java.util.TreeSet<>(KNOWN_TYPES)));
      }
      list.add(value(t, directive, type, w[1], line));
    }
    return list;
  }

  private static Param value(Tokenizer t, String directive, String type, String name, int line) {
    List<String> raw = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    if (t.peek() == Kind.OPEN) {
      t.next();
      while (t.peek() != Kind.CLOSE) {
        if (t.peek() == Kind.END || t.peek() == Kind.OPEN) {
          throw new SceneError(t.file(), line, directive + ": the values of \"" + type + " " + name
              + "\" need a closing ']'");
        }
        kinds.add(t.peek());
        raw.add(t.next());
      }
      t.next();
    } else if (t.peek() == Kind.STRING || t.peek() == Kind.WORD) {
      kinds.add(t.peek());
      raw.add(t.next());
    } else {
      throw t.error(directive + ": \"" + type + " " + name + "\" has no value");
    }
    boolean allStrings = kinds.stream().allMatch(k -> k == Kind.STRING);
    switch (type) {
      case "string", "texture" -> {
        if (!allStrings) {
          throw new SceneError(t.file(), line, directive + ": \"" + type + " " + name
              + "\" needs quoted strings");
        }
        return new Param(type, name, null, raw.toArray(new String[0]), null, line);
      }
      case "bool" -> {
        boolean[] b = new boolean[raw.size()];
        for (int i = 0; i < b.length; i++) {
          if (!raw.get(i).equals("true") && !raw.get(i).equals("false")) {
            throw new SceneError(t.file(), line, directive + ": \"bool " + name + "\" must be true or false, not \""
                + raw.get(i) + "\"");
          }
          b[i] = raw.get(i).equals("true");
        }
        return new Param(type, name, null, null, b, line);
      }
      default -> {
        if (type.equals("spectrum") && allStrings && raw.size() == 1) {
          return new Param(type, name, null, raw.toArray(new String[0]), null, line);
        }
        double[] v = new double[raw.size()];
        for (int i = 0; i < v.length; i++) {
          try {
            if (kinds.get(i) != Kind.WORD) {
              throw new NumberFormatException();
            }
            v[i] = Double.parseDouble(raw.get(i));
          } catch (NumberFormatException e) {
            throw new SceneError(t.file(), line, directive + ": \"" + type + " " + name
                + "\" needs numbers, found \"" + raw.get(i) + "\"");
          }
          if (type.equals("integer") && v[i] != Math.rint(v[i])) {
            throw new SceneError(t.file(), line, directive + ": \"integer " + name + "\" has the non-integer value "
                + raw.get(i) + "; declare it \"float " + name + "\" or give a whole number");
          }
        }
        return new Param(type, name, v, null, null, line);
      }
    }
  }
}
