package dev.treelet.tracer.integrator;

import dev.treelet.tracer.ray.RayBatch;
import dev.treelet.tracer.sampling.DeterministicSampler;
import dev.treelet.tracer.scene.SceneShading;

/** Makes the camera ray of (pixel, sample): box-filtered over the pixel, a fresh path record. */
public final class CameraRays {
  private final SceneShading scene;
  private final float[] ray = new float[6];

  public CameraRays(SceneShading scene) {
    this.scene = scene;
  }

  /** Appends the camera ray for (pixel, sampleIndex) to batch; returns its index. */
  public int generate(int pixel, int sampleIndex, RayBatch batch) {
    int w = scene.width();
    long seed = scene.seed();
    float jx = DeterministicSampler.get(seed, pixel, sampleIndex, Dimensions.FILM_X);
    float jy = DeterministicSampler.get(seed, pixel, sampleIndex, Dimensions.FILM_Y);
    scene.camera().generate(pixel % w + jx, pixel / w + jy, ray);
    int r = batch.add();
    batch.setInt(r, RayBatch.PIXEL, pixel);
    batch.setInt(r, RayBatch.SAMPLE, sampleIndex);
    batch.setInt(r, RayBatch.FLAGS, 0);
    batch.setInt(r, RayBatch.DIMENSION, Dimensions.FIRST_BOUNCE);
    batch.set3(r, RayBatch.ORIGIN, ray[0], ray[1], ray[2]);
    batch.set3(r, RayBatch.DIRECTION, ray[3], ray[4], ray[5]);
    batch.setFloat(r, RayBatch.T_MAX, Float.POSITIVE_INFINITY);
    batch.set3(r, RayBatch.BETA, 1, 1, 1);
    batch.set3(r, RayBatch.L, 0, 0, 0);
    batch.setFloat(r, RayBatch.PREV_PDF, 0);
    batch.setFloat(r, RayBatch.ETA_SCALE, 1);
    batch.resetTraversal(r);
    return r;
  }
}
