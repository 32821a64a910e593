package dev.treelet.tracer.render;

import dev.treelet.tracer.bvh.Bvh;
import dev.treelet.tracer.bvh.BvhBuilder;
import dev.treelet.tracer.scene.Scene;
import dev.treelet.tracer.scene.SceneShading;
import dev.treelet.tracer.treelet.InMemoryTreeletStore;
import dev.treelet.tracer.treelet.Treelet;
import dev.treelet.tracer.treelet.TreeletPartitioner;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A scene made ready to trace: its BVH cut into treelets (in a store) plus the replicated shading. */
public record PreparedScene(Scene scene, InMemoryTreeletStore treelets, int bvhNodes, int bvhDepth) {

  /** Builds the BVH with threads workers (progress counts triangles placed) and cuts it. */
  public static PreparedScene prepare(Scene scene, long treeletBytes, int threads, AtomicLong progress) {
    int n = scene.triangles().count();
    Bvh bvh = BvhBuilder.build(scene.triangles().positions(), n, threads, progress);
    List<Treelet> treelets = TreeletPartitioner.partition(bvh, scene.triangles(), treeletBytes);
    return new PreparedScene(scene, new InMemoryTreeletStore(treelets), bvh.nodeCount(), bvh.maxDepth());
  }

  public SceneShading shading(long seed) {
    return scene.shading(seed);
  }
}
