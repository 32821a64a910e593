package dev.treelet.tracer.shading;

import dev.treelet.tracer.scene.Material;

/**
 * The BSDF at one shading point: a material and the shading frame (z = shading normal). Converts
 * world directions to the local frame and dispatches to the material's lobe. Reflection-only
 * materials are two-sided (as pbrt's): the frame is mirrored so wo is always above the surface.
 * One instance per thread, set up anew for each hit; results land in a {@link BsdfSample}.
 */
public final class Bsdf {
  private Material m;
  private float sx;
  private float sy;
  private float sz;
  private float tx;
  private float ty;
  private float tz;
  private float nx;
  private float ny;
  private float nz;
  private final float[] tmp = new float[3];

  /** Prepares the BSDF of material m with shading normal n (unit length). */
  public void setup(Material m, float nx, float ny, float nz) {
    this.m = m;
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    // Duff et al. 2017, "Building an Orthonormal Basis, Revisited".
    float sign = Math.copySign(1f, nz);
    float a = -1 / (sign + nz);
    float b = nx * ny * a;
    sx = 1 + sign * nx * nx * a;
    sy = sign * b;
    sz = -sign * nx;
    tx = b;
    ty = sign + ny * ny * a;
    tz = -ny;
  }

  /** True if next-event estimation can help: the BSDF has a non-delta part. */
  public boolean hasNonSpecular() {
    return switch (m.type()) {
      case DIFFUSE, COATED_DIFFUSE -> true;
      case CONDUCTOR -> m.alpha() >= Microfacet.SMOOTH_ALPHA;
      default -> false;
    };
  }

  /** f (without the cosine) and the solid-angle pdf of the non-delta part, for world directions. */
  public void eval(float wox, float woy, float woz, float wix, float wiy, float wiz, BsdfSample out) {
    float lox = sx * wox + sy * woy + sz * woz;
    float loy = tx * wox + ty * woy + tz * woz;
    float loz = nx * wox + ny * woy + nz * woz;
    float lix = sx * wix + sy * wiy + sz * wiz;
    float liy = tx * wix + ty * wiy + tz * wiz;
    float liz = nx * wix + ny * wiy + nz * wiz;
    if (loz < 0) {
      loz = -loz;
      liz = -liz;
    }
    switch (m.type()) {
      case DIFFUSE -> DiffuseLobe.eval(m.reflectance(), liz, out);
      case CONDUCTOR -> ConductorLobe.eval(m.eta(), m.k(), m.alpha(), lox, loy, loz, lix, liy, liz, out);
      case COATED_DIFFUSE -> CoatedDiffuseLobe.eval(m.reflectance(), m.eta()[0], m.alpha(), lox, loy, loz,
          lix, liy, liz, out);
      default -> out.zero();
    }
  }

  /** Samples an incident direction for outgoing wo (world); out.w* is in world space. */
  public boolean sample(float wox, float woy, float woz, float uc, float u0, float u1, BsdfSample out) {
    float lox = sx * wox + sy * woy + sz * woz;
    float loy = tx * wox + ty * woy + tz * woz;
    float loz = nx * wox + ny * woy + nz * woz;
    boolean flip = loz < 0 && m.type() != Material.Type.DIELECTRIC;
    if (flip) {
      loz = -loz;
    }
    boolean ok = switch (m.type()) {
      case DIFFUSE -> DiffuseLobe.sample(m.reflectance(), u0, u1, out, tmp);
      case CONDUCTOR -> ConductorLobe.sample(m.eta(), m.k(), m.alpha(), lox, loy, loz, u0, u1, out, tmp);
      case COATED_DIFFUSE -> CoatedDiffuseLobe.sample(m.reflectance(), m.eta()[0], m.alpha(), lox, loy, loz,
          uc, u0, u1, out, tmp);
      case DIELECTRIC -> DielectricLobe.sample(m.eta()[0], lox, loy, loz, uc, out);
      default -> false;
    };
    if (!ok || out.pdf <= 0) {
      return false;
    }
    float lz = flip ? -out.wz : out.wz;
    float x = out.wx * sx + out.wy * tx + lz * nx;
    float y = out.wx * sy + out.wy * ty + lz * ny;
    float z = out.wx * sz + out.wy * tz + lz * nz;
    out.wx = x;
    out.wy = y;
    out.wz = z;
    return true;
  }
}
