package dev.treelet.tracer.scene.pbrt;

import dev.treelet.tracer.geometry.Transform;
import dev.treelet.tracer.light.Lights;
import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.scene.Camera;
import dev.treelet.tracer.scene.Material;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.scene.TriangleSoup;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * pbrt's graphics state and the world it builds. Shapes become world-space triangles in a
 * {@link TriangleSoup}; object instances are flattened (each instance is a copy of its triangles).
 *
 * <p>Supported: Camera "perspective", Film "rgb", any Sampler (pixelsamples), Integrator "path"
 * (maxdepth), Shape "trianglemesh" | "plymesh" | "sphere" (tessellated), Material "diffuse" |
 * "conductor" | "dielectric" | "coateddiffuse" | "interface", named materials, LightSource
 * "infinite" (uniform L) | "distant", AreaLightSource "diffuse", transforms, attributes, object
 * instancing, Include/Import. Everything else warns with file:line.
 */
final class SceneBuilder {
  private static final class State {
    Transform ctm = Transform.IDENTITY;
    boolean reverseOrientation;
    int material;
    float[] areaLight; // radiance, or null
    boolean areaTwoSided;
    boolean transformOnly;

    State copy() {
      State s = new State();
      s.ctm = ctm;
      s.reverseOrientation = reverseOrientation;
      s.material = material;
      s.areaLight = areaLight;
      s.areaTwoSided = areaTwoSided;
      return s;
    }
  }

  /** A shape recorded inside ObjectBegin/End, added to the world once per ObjectInstance. */
  private record ShapeCall(PlyReader.Mesh mesh, State state) {}

  private final Consumer<String> warn;
  private final Path searchDirectory;
  private State state = new State();
  private final Deque<State> stack = new ArrayDeque<>();
  private final Map<String, Transform> coordinateSystems = new HashMap<>();
  private final Map<String, Integer> namedMaterials = new HashMap<>();
  private final List<Material> materials = new ArrayList<>();
  private final Map<String, List<ShapeCall>> objects = new HashMap<>();
  private List<ShapeCall> currentObject;
  private final TriangleSoup triangles = new TriangleSoup();
  private final Lights lights = new Lights();
  private boolean inWorld;

  private Transform cameraFromWorld = Transform.IDENTITY;
  private float fov = 90;
  private int width = 1280;
  private int height = 720;
  private String filmFilename = "pbrt.exr";
  private int spp = 16;
  private int maxDepth = 5;

  SceneBuilder(Consumer<String> warn, Path searchDirectory) {
    this.warn = warn;
    this.searchDirectory = searchDirectory;
    materials.add(Material.diffuse("default", 0.5f, 0.5f, 0.5f));
  }

  Scene build(Path source) {
    if (!stack.isEmpty()) {
      warn.accept(source + ": " + stack.size() + " AttributeBegin without AttributeEnd at the end of the file");
    }
    Camera camera = new Camera(cameraFromWorld, fov, width, height);
    return new Scene(source, camera, width, height, filmFilename, spp, maxDepth,
        List.copyOf(materials), lights, triangles);
  }

  void concat(Transform t, Path file, int line) {
    state.ctm = t.then(state.ctm);
  }

  void transform(double[] columnMajor, boolean replace, Path file, int line) {
    // pbrt writes matrices column by column; ours are row-major.
    double[] m = new double[16];
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        m[r * 4 + c] = columnMajor[c * 4 + r];
      }
    }
    Transform t;
    try {
      t = Transform.of(m);
    } catch (IllegalArgumentException e) {
      throw new SceneError(file, line, "the matrix is singular; check its 16 values");
    }
    state.ctm = replace ? t : t.then(state.ctm);
  }

  void identity() {
    state.ctm = Transform.IDENTITY;
  }

  void coordinateSystem(String name) {
    coordinateSystems.put(name, state.ctm);
  }

  void coordSysTransform(String name, Path file, int line) {
    Transform t = coordinateSystems.get(name);
    if (t == null) {
      warn.accept(SceneError.location(file, line) + ": CoordSysTransform: no coordinate system named \""
          + name + "\"; transform unchanged");
    } else {
      state.ctm = t;
    }
  }

  void reverseOrientation() {
    state.reverseOrientation = !state.reverseOrientation;
  }

  void worldBegin(Path file, int line) {
    if (inWorld) {
      throw new SceneError(file, line, "WorldBegin appears twice");
    }
    inWorld = true;
    coordinateSystems.put("world", Transform.IDENTITY);
    state.ctm = Transform.IDENTITY;
  }

  void attributeBegin(boolean transformOnly) {
    State saved = state.copy();
    saved.transformOnly = transformOnly;
    stack.push(saved);
  }

  void attributeEnd(Path file, int line) {
    if (stack.isEmpty()) {
      throw new SceneError(file, line, "AttributeEnd without a matching AttributeBegin");
    }
    State saved = stack.pop();
    if (saved.transformOnly) {
      state.ctm = saved.ctm;
    } else {
      state = saved;
    }
  }

  void camera(String type, ParamList p, Path file, int line) {
    if (!type.equals("perspective")) {
      warn.accept(SceneError.location(file, line) + ": Camera \"" + type
          + "\" is not supported; rendering with a perspective camera");
    }
    fov = p.getFloat("fov", 90);
    p.reportUnused(warn);
    cameraFromWorld = state.ctm;
    coordinateSystems.put("camera", state.ctm.inverse());
  }

  void film(String type, ParamList p, Path file, int line) {
    if (!type.equals("rgb")) {
      warn.accept(SceneError.location(file, line) + ": Film \"" + type + "\" is rendered as Film \"rgb\"");
    }
    width = p.getInt("xresolution", 1280);
    height = p.getInt("yresolution", 720);
    if (width <= 0 || height <= 0) {
      throw new SceneError(file, line, "Film resolution must be positive, got " + width + "x" + height);
    }
    filmFilename = p.getString("filename", "pbrt.exr");
    p.reportUnused(warn);
  }

  /** Any sampler name is accepted: we always use our deterministic sampler, honouring the count. */
  void sampler(String type, ParamList p) {
    if (type.equals("stratified")) {
      spp = p.getInt("xsamples", 4) * p.getInt("ysamples", 4);
      p.getBool("jitter", true);
    } else {
      spp = p.getInt("pixelsamples", 16);
    }
    p.getInt("seed", 0);
    p.getString("randomization", "");
    p.reportUnused(warn);
  }

  void integrator(String type, ParamList p, Path file, int line) {
    if (!type.equals("path")) {
      warn.accept(SceneError.location(file, line) + ": Integrator \"" + type
          + "\" is not supported; rendering with \"path\"");
    }
    maxDepth = p.getInt("maxdepth", 5);
    if (maxDepth < 0 || maxDepth > RayBatch.MAX_DEPTH) {
      throw new SceneError(file, line, "maxdepth must be between 0 and " + RayBatch.MAX_DEPTH + ", got " + maxDepth);
    }
    p.getString("lightsampler", "");
    p.reportUnused(warn);
  }

  void material(String type, ParamList p, Path file, int line) {
    materials.add(MaterialFactory.create("Material@" + file.getFileName() + ":" + line, type, p, warn, file, line));
    state.material = materials.size() - 1;
  }

  void makeNamedMaterial(String name, ParamList p, Path file, int line) {
    String type = p.getString("type", null);
    if (type == null) {
      throw new SceneError(file, line, "MakeNamedMaterial \"" + name + "\" needs \"string type\" (e.g. \"diffuse\")");
    }
    if (namedMaterials.containsKey(name)) {
      warn.accept(SceneError.location(file, line) + ": MakeNamedMaterial \"" + name + "\" redefines it");
    }
    materials.add(MaterialFactory.create(name, type, p, warn, file, line));
    namedMaterials.put(name, materials.size() - 1);
  }

  void namedMaterial(String name, Path file, int line) {
    Integer id = namedMaterials.get(name);
    if (id == null) {
      throw new SceneError(file, line, "NamedMaterial \"" + name + "\" is not defined; define it with"
          + " MakeNamedMaterial before use" + (namedMaterials.isEmpty() ? "" : " (defined: "
          + String.join(", ", new java.util.TreeSet<>(namedMaterials.keySet())) + ")"));
    }
    state.material = id;
  }

  void lightSource(String type, ParamList p, Path file, int line) {
    float scale = p.getFloat("scale", 1);
    switch (type) {
      case "infinite" -> {
        if (p.has("filename")) {
          p.getString("filename", "");
          warn.accept(SceneError.location(file, line) + ": LightSource \"infinite\" image maps are not supported"
              + " yet; using uniform L");
        }
        float[] l = p.getRgb("L", new float[] {1, 1, 1}, warn);
        lights.addEnvironment(l[0] * scale, l[1] * scale, l[2] * scale);
      }
      case "distant" -> {
        float[] from = orDefault(p.getFloats("from", "point3", 3), new float[] {0, 0, 0});
        float[] to = orDefault(p.getFloats("to", "point3", 3), new float[] {0, 0, 1});
        float[] l = p.getRgb("L", new float[] {1, 1, 1}, warn);
        double[] w = new double[3];
        state.ctm.vector(from[0] - to[0], from[1] - to[1], from[2] - to[2], w);
        lights.addDistant(new float[] {(float) w[0], (float) w[1], (float) w[2]},
            new float[] {l[0] * scale, l[1] * scale, l[2] * scale});
      }
      default -> {
        warn.accept(SceneError.location(file, line) + ": LightSource \"" + type + "\" is not supported; skipped");
        return;
      }
    }
    p.reportUnused(warn);
  }

  void areaLightSource(String type, ParamList p, Path file, int line) {
    if (!type.equals("diffuse")) {
      warn.accept(SceneError.location(file, line) + ": AreaLightSource \"" + type + "\" is not supported; skipped");
      return;
    }
    float scale = p.getFloat("scale", 1);
    float[] l = p.getRgb("L", new float[] {1, 1, 1}, warn);
    state.areaLight = new float[] {l[0] * scale, l[1] * scale, l[2] * scale};
    state.areaTwoSided = p.getBool("twosided", false);
    p.reportUnused(warn);
  }

  void shape(String type, ParamList p, Path file, int line) {
    PlyReader.Mesh mesh;
    switch (type) {
      case "trianglemesh" -> mesh = triangleMesh(p, file, line);
      case "plymesh" -> mesh = plyMesh(p, file, line);
      case "sphere" -> {
        float radius = p.getFloat("radius", 1);
        if (p.has("zmin") || p.has("zmax") || p.has("phimax")) {
          warn.accept(SceneError.location(file, line) + ": partial spheres are rendered whole");
          p.getFloat("zmin", 0);
          p.getFloat("zmax", 0);
          p.getFloat("phimax", 0);
        }
        mesh = SphereMesh.create(radius);
      }
      default -> {
        warn.accept(SceneError.location(file, line) + ": Shape \"" + type + "\" is not supported; skipped");
        return;
      }
    }
    p.reportUnused(warn);
    if (currentObject != null) {
      currentObject.add(new ShapeCall(mesh, state.copy()));
    } else {
      addMesh(mesh, state, Transform.IDENTITY);
    }
  }

  private PlyReader.Mesh triangleMesh(ParamList p, Path file, int line) {
    float[] pos = p.getFloats("P", "point3", 3);
    if (pos == null) {
      throw new SceneError(file, line, "Shape \"trianglemesh\" needs \"point3 P\"");
    }
    int[] idx = p.getInts("indices");
    if (idx == null) {
      if (pos.length != 9) {
        throw new SceneError(file, line, "Shape \"trianglemesh\" needs \"integer indices\" unless it has exactly 3 vertices");
      }
      idx = new int[] {0, 1, 2};
    }
    if (idx.length % 3 != 0) {
      throw new SceneError(file, line, "trianglemesh \"indices\" has " + idx.length + " values; it needs 3 per triangle");
    }
    for (int i : idx) {
      if (i < 0 || i >= pos.length / 3) {
        throw new SceneError(file, line, "trianglemesh index " + i + " is out of range: there are "
            + pos.length / 3 + " vertices in \"P\"");
      }
    }
    float[] n = p.getFloats("N", "normal3", 3);
    if (n != null && n.length != pos.length) {
      throw new SceneError(file, line, "trianglemesh \"N\" must have one normal per vertex of \"P\"");
    }
    p.getFloats("uv", "point2", 2); // no textures yet: uv is read and not needed
    p.getFloats("S", "vector3", 3);
    return new PlyReader.Mesh(pos, n, idx);
  }

  private PlyReader.Mesh plyMesh(ParamList p, Path file, int line) {
    String name = p.getString("filename", null);
    if (name == null) {
      throw new SceneError(file, line, "Shape \"plymesh\" needs \"string filename\"");
    }
    if (p.has("displacement")) {
      p.getFloat("displacement", 0);
      warn.accept(SceneError.location(file, line) + ": plymesh displacement is not supported; ignored");
    }
    p.getFloat("edgelength", 1);
    Path ply = searchDirectory.resolve(name);
    try {
      return PlyReader.read(ply);
    } catch (NoSuchFileException e) {
      throw new SceneError(file, line, "PLY file \"" + name + "\" not found (looked for " + ply
          + "); paths are relative to the scene file's folder");
    } catch (IOException e) {
      throw new SceneError(file, line, "cannot read PLY file \"" + name + "\": " + e.getMessage());
    } catch (SceneError e) {
      throw new SceneError(file, line, "in PLY file \"" + name + "\": " + e.getMessage());
    }
  }

  void objectBegin(String name, Path file, int line) {
    if (currentObject != null) {
      throw new SceneError(file, line, "ObjectBegin \"" + name + "\" inside another ObjectBegin; close it with ObjectEnd");
    }
    attributeBegin(false);
    currentObject = new ArrayList<>();
    objects.put(name, currentObject);
  }

  void objectEnd(Path file, int line) {
    if (currentObject == null) {
      throw new SceneError(file, line, "ObjectEnd without ObjectBegin");
    }
    currentObject = null;
    attributeEnd(file, line);
  }

  void objectInstance(String name, Path file, int line) {
    List<ShapeCall> calls = objects.get(name);
    if (calls == null) {
      throw new SceneError(file, line, "ObjectInstance \"" + name + "\": no object of that name (define it with ObjectBegin)");
    }
    for (ShapeCall c : calls) {
      addMesh(c.mesh, c.state, state.ctm);
    }
  }

  /** Adds a mesh defined under state (object space via state.ctm), then moved by instance. */
  private void addMesh(PlyReader.Mesh mesh, State s, Transform instance) {
    Transform t = s.ctm.then(instance);
    boolean flip = s.reverseOrientation ^ t.swapsHandedness();
    float[] pos = mesh.positions();
    float[] nrm = mesh.normals();
    int[] idx = mesh.indices();
    double[] q = new double[3];
    float[] v = new float[9];
    float[] n = nrm == null ? null : new float[9];
    for (int tri = 0; tri < idx.length / 3; tri++) {
      for (int k = 0; k < 3; k++) {
        int vi = idx[3 * tri + k];
        t.point(pos[3 * vi], pos[3 * vi + 1], pos[3 * vi + 2], q);
        for (int c = 0; c < 3; c++) {
          v[3 * k + c] = (float) q[c];
        }
        if (n != null) {
          t.normal(nrm[3 * vi], nrm[3 * vi + 1], nrm[3 * vi + 2], q);
          double len = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
          for (int c = 0; c < 3; c++) {
            n[3 * k + c] = (float) (len > 0 ? q[c] / len : 0);
          }
        }
      }
      // Orientation lives in the vertex order: the geometric normal cross(v1-v0, v2-v0) faces the
      // shading normals when there are any (pbrt face-forwards to them), else follows ReverseOrientation.
      boolean swap = n != null ? facesAway(v, n) : flip;
      if (swap) {
        swapVertices12(v);
        if (n != null) {
          swapVertices12(n);
        }
      }
      int light = TriangleSoup.NO_LIGHT;
      if (s.areaLight != null) {
        light = lights.addAreaTriangle(v, s.areaLight, s.areaTwoSided);
      }
      triangles.add(v, n, s.material, light);
    }
  }

  private static boolean facesAway(float[] v, float[] n) {
    float e1x = v[3] - v[0], e1y = v[4] - v[1], e1z = v[5] - v[2];
    float e2x = v[6] - v[0], e2y = v[7] - v[1], e2z = v[8] - v[2];
    float cx = e1y * e2z - e1z * e2y, cy = e1z * e2x - e1x * e2z, cz = e1x * e2y - e1y * e2x;
    float sx = n[0] + n[3] + n[6], sy = n[1] + n[4] + n[7], sz = n[2] + n[5] + n[8];
    return cx * sx + cy * sy + cz * sz < 0;
  }

  private static void swapVertices12(float[] a) {
    for (int c = 0; c < 3; c++) {
      float tmp = a[3 + c];
      a[3 + c] = a[6 + c];
      a[6 + c] = tmp;
    }
  }

  private static float[] orDefault(float[] v, float[] def) {
    return v == null ? def : v;
  }
}
