package dev.treelet.tracer.scene.pbrt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads triangle and quad meshes from PLY files: ASCII, binary little- and big-endian. Uses the
 * vertex properties x y z (and nx ny nz when present) and the face list vertex_indices (or
 * vertex_index); every other property is skipped, whatever its type. Quads and larger polygons are
 * split into triangles as a fan. Errors name the file and the element that is wrong.
 */
final class PlyReader {
  /** Vertex positions (3 per vertex), optional normals (3 per vertex) and triangle indices. */
  record Mesh(float[] positions, float[] normals, int[] indices) {}

  private record Property(String name, String type, String countType) {
    boolean isList() {
      return countType != null;
    }
  }

  private record Element(String name, long count, List<Property> properties) {}

  private PlyReader() {}

  static Mesh read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString());
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    String format = null;
    List<Element> elements = new ArrayList<>();
    String magic = readLine(buf, file);
    if (!magic.equals("ply")) {
      throw new SceneError(file, 1, "not a PLY file (it must start with the line \"ply\")");
    }
    int line = 1;
    while (true) {
      String l = readLine(buf, file).trim();
      line++;
      String[] w = l.split("\\s+");
      switch (w[0]) {
        case "format" -> format = w.length > 1 ? w[1] : "";
        case "element" -> {
          if (w.length != 3) {
            throw new SceneError(file, line, "PLY header: \"element\" needs a name and a count");
          }
          elements.add(new Element(w[1], Long.parseLong(w[2]), new ArrayList<>()));
        }
        case "property" -> {
          if (elements.isEmpty()) {
            throw new SceneError(file, line, "PLY header: \"property\" before any \"element\"");
          }
          Property p = w.length == 5 && w[1].equals("list")
              ? new Property(w[4], w[3], w[2])
              : new Property(w.length == 3 ? w[2] : "?", w.length == 3 ? w[1] : "?", null);
          if (p.name.equals("?")) {
            throw new SceneError(file, line, "PLY header: malformed property line \"" + l + "\"");
          }
          checkType(file, line, p.type);
          if (p.isList()) {
            checkType(file, line, p.countType);
          }
          elements.get(elements.size() - 1).properties.add(p);
        }
        case "end_header" -> {
          return body(file, buf, format, elements);
        }
        default -> { } // comment, obj_info and blank lines
      }
    }
  }

  private static Mesh body(Path file, ByteBuffer buf, String format, List<Element> elements) {
    if (format == null) {
      throw new SceneError(file, 0, "PLY header has no \"format\" line");
    }
    ValueSource src = switch (format) {
      case "ascii" -> new AsciiSource(file, buf);
      case "binary_little_endian" -> new BinarySource(file, buf.order(ByteOrder.LITTLE_ENDIAN));
      case "binary_big_endian" -> new BinarySource(file, buf.order(ByteOrder.BIG_ENDIAN));
      default -> throw new SceneError(file, 0, "PLY format \"" + format
          + "\" is unknown; expected ascii, binary_little_endian or binary_big_endian");
    };
    float[] positions = null;
    float[] normals = null;
    int vertexCount = 0;
    int[] indices = new int[0];
    int indexCount = 0;
    for (Element e : elements) {
      if (e.name.equals("vertex")) {
        vertexCount = Math.toIntExact(e.count);
        positions = new float[3 * vertexCount];
        int[] slot = new int[e.properties.size()];
        boolean hasN = false;
        for (int i = 0; i < slot.length; i++) {
          slot[i] = switch (e.properties.get(i).name) {
            case "x" -> 0;
            case "y" -> 1;
            case "z" -> 2;
            case "nx" -> 3;
            case "ny" -> 4;
            case "nz" -> 5;
            default -> -1;
          };
          hasN |= slot[i] >= 3;
        }
        if (hasN) {
          normals = new float[3 * vertexCount];
        }
        for (int v = 0; v < vertexCount; v++) {
          src.at("vertex", v, e.count);
          for (int i = 0; i < slot.length; i++) {
            Property p = e.properties.get(i);
            if (p.isList()) {
              skipList(src, p);
              continue;
            }
            double x = src.value(p.type);
            if (slot[i] >= 3) {
              normals[3 * v + slot[i] - 3] = (float) x;
            } else if (slot[i] >= 0) {
              positions[3 * v + slot[i]] = (float) x;
            }
          }
        }
      } else if (e.name.equals("face")) {
        indices = new int[(int) Math.min(Integer.MAX_VALUE - 8, e.count * 3)];
        for (long f = 0; f < e.count; f++) {
          src.at("face", f, e.count);
          for (Property p : e.properties) {
            boolean isIndices = p.name.equals("vertex_indices") || p.name.equals("vertex_index");
            if (!p.isList()) {
              src.value(p.type);
            } else if (!isIndices) {
              skipList(src, p);
            } else {
              int n = (int) src.value(p.countType);
              if (n < 3) {
                throw src.error("a face has " + n + " vertices; faces need at least 3");
              }
              int first = (int) src.value(p.type);
              int prev = (int) src.value(p.type);
              for (int k = 2; k < n; k++) {
                int cur = (int) src.value(p.type);
                if (indexCount + 3 > indices.length) {
                  indices = java.util.Arrays.copyOf(indices, indices.length * 2 + 3);
                }
                indices[indexCount++] = first;
                indices[indexCount++] = prev;
                indices[indexCount++] = cur;
                prev = cur;
              }
            }
          }
        }
      } else {
        for (long i = 0; i < e.count; i++) {
          src.at(e.name, i, e.count);
          for (Property p : e.properties) {
            if (p.isList()) {
              skipList(src, p);
            } else {
              src.value(p.type);
            }
          }
        }
      }
    }
    if (positions == null) {
      throw new SceneError(file, 0, "PLY file has no \"vertex\" element");
    }
    int[] tris = java.util.Arrays.copyOf(indices, indexCount);
    for (int i : tris) {
      if (i < 0 || i >= vertexCount) {
        throw new SceneError(file, 0, "PLY face refers to vertex " + i + " but there are " + vertexCount);
      }
    }
    return new Mesh(positions, normals, tris);
  }

  private static void skipList(ValueSource src, Property p) {
    int n = (int) src.value(p.countType);
    for (int k = 0; k < n; k++) {
      src.value(p.type);
    }
  }

  private static void checkType(Path file, int line, String type) {
    switch (type) {
      case "char", "int8", "uchar", "uint8", "short", "int16", "ushort", "uint16",
          "int", "int32", "uint", "uint32", "float", "float32", "double", "float64" -> { }
      default -> throw new SceneError(file, line, "PLY header: unknown property type \"" + type + "\"");
    }
  }

  private static String readLine(ByteBuffer buf, Path file) {
    int start = buf.position();
    while (buf.hasRemaining()) {
      if (buf.get() == '\n') {
        String s = new String(buf.array(), start, buf.position() - start - 1, StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
    }
    throw new SceneError(file, 0, "PLY header ends before \"end_header\" (truncated file?)");
  }

  /** Where values come from: binary or ASCII, with the element being read for error messages. */
  private abstract static class ValueSource {
    final Path file;
    String element;
    long index;
    long count;

    ValueSource(Path file) {
      this.file = file;
    }

    void at(String element, long index, long count) {
      this.element = element;
      this.index = index;
      this.count = count;
    }

    abstract double value(String type);

    SceneError error(String what) {
      return new SceneError(file, 0, what + " (at " + element + " " + index + " of " + count + ")");
    }

    SceneError truncated() {
      return error("PLY data ends early: the file is truncated or its header counts are wrong;"
          + " re-export the mesh");
    }
  }

  private static final class BinarySource extends ValueSource {
    private final ByteBuffer buf;

    BinarySource(Path file, ByteBuffer buf) {
      super(file);
      this.buf = buf;
    }

    @Override
    double value(String type) {
      try {
        return switch (type) {
          case "char", "int8" -> buf.get();
          case "uchar", "uint8" -> buf.get() & 0xff;
          case "short", "int16" -> buf.getShort();
          case "ushort", "uint16" -> buf.getShort() & 0xffff;
          case "int", "int32" -> buf.getInt();
          case "uint", "uint32" -> buf.getInt() & 0xffffffffL;
          case "float", "float32" -> buf.getFloat();
          default -> buf.getDouble();
        };
      } catch (java.nio.BufferUnderflowException e) {
        throw truncated();
      }
    }
  }

  private static final class AsciiSource extends ValueSource {
    private final ByteBuffer buf;

    AsciiSource(Path file, ByteBuffer buf) {
      super(file);
      this.buf = buf;
    }

    @Override
    double value(String type) {
      while (buf.hasRemaining() && Character.isWhitespace(buf.get(buf.position()))) {
        buf.get();
      }
      if (!buf.hasRemaining()) {
        throw truncated();
      }
      int start = buf.position();
      while (buf.hasRemaining() && !Character.isWhitespace(buf.get(buf.position()))) {
        buf.get();
      }
      String s = new String(buf.array(), start, buf.position() - start, StandardCharsets.US_ASCII);
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw error("\"" + s + "\" is not a number");
      }
    }
  }
}
