package dev.treelet.tracer.scene;

import dev.treelet.tracer.light.Lights;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The replicated part of a scene (camera, film size, samples, depth, materials, lights) as bytes, so
 * a worker gets everything but geometry without reading the scene file. Floats are written as they
 * are: a worker's rays and shading are bit-identical to the parser's. The seed is not stored; it is
 * a parameter of each render.
 */
public final class SceneShadingCodec {
  private static final int MAGIC = 0x54534331; // "TSC1"

  private SceneShadingCodec() {}

  public static void write(SceneShading s, OutputStream os) throws IOException {
    DataOutputStream out = new DataOutputStream(os);
    out.writeInt(MAGIC);
    s.camera().write(out);
    out.writeInt(s.width());
    out.writeInt(s.height());
    out.writeInt(s.samplesPerPixel());
    out.writeInt(s.maxDepth());
    out.writeInt(s.materials().size());
    for (Material m : s.materials()) {
      out.writeUTF(m.name());
      out.writeInt(m.type().ordinal());
      writeFloats(out, m.reflectance());
      writeFloats(out, m.eta());
      writeFloats(out, m.k());
      out.writeFloat(m.alpha());
    }
    Lights l = s.lights();
    out.writeBoolean(l.hasEnvironment());
    writeFloats(out, l.environment());
    out.writeInt(l.distantCount());
    for (int i = 0; i < l.distantCount(); i++) {
      for (int c = 0; c < 3; c++) {
        out.writeFloat(l.distantDirections()[3 * i + c]);
      }
      for (int c = 0; c < 3; c++) {
        out.writeFloat(l.distantRadiance()[3 * i + c]);
      }
    }
    out.writeInt(l.areaCount());
    for (int i = 0; i < l.areaCount(); i++) {
      for (int c = 0; c < 9; c++) {
        out.writeFloat(l.areaVertices()[9 * i + c]);
      }
      for (int c = 0; c < 3; c++) {
        out.writeFloat(l.areaRadiance()[3 * i + c]);
      }
      out.writeBoolean(l.areaTwoSided(i));
    }
    out.flush();
  }

  public static SceneShading read(InputStream is, long seed) throws IOException {
    DataInputStream in = new DataInputStream(is);
    if (in.readInt() != MAGIC) {
      throw new IOException("not a prepared scene's shading file (bad magic); prepare the scene again");
    }
    Camera camera = Camera.read(in);
    int width = in.readInt();
    int height = in.readInt();
    int spp = in.readInt();
    int maxDepth = in.readInt();
    int materialCount = in.readInt();
    List<Material> materials = new ArrayList<>(materialCount);
    for (int i = 0; i < materialCount; i++) {
      String name = in.readUTF();
      Material.Type type = Material.Type.values()[in.readInt()];
      materials.add(new Material(name, type, readFloats(in), readFloats(in), readFloats(in), in.readFloat()));
    }
    Lights lights = new Lights();
    boolean env = in.readBoolean();
    float[] e = readFloats(in);
    if (env) {
      lights.addEnvironment(e[0], e[1], e[2]);
    }
    int distant = in.readInt();
    for (int i = 0; i < distant; i++) {
      lights.addDistantUnit(readFloats(in), readFloats(in));
    }
    int area = in.readInt();
    for (int i = 0; i < area; i++) {
      float[] v = new float[9];
      for (int c = 0; c < 9; c++) {
        v[c] = in.readFloat();
      }
      lights.addAreaTriangle(v, readFloats(in), in.readBoolean());
    }
    return new SceneShading(camera, width, height, spp, maxDepth, List.copyOf(materials), lights, seed);
  }

  private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    for (int i = 0; i < 3; i++) {
      out.writeFloat(v[i]);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    return new float[] {in.readFloat(), in.readFloat(), in.readFloat()};
  }
}
