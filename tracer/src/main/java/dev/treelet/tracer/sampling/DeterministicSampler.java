package dev.treelet.tracer.sampling;

/**
 * Every random number of a render is a pure function of (seed, pixel, sample index, dimension).
 *
 * <p>That one property is what makes a render independent of scheduling: whichever worker traces a
 * ray, in whatever order, after however many restarts, it draws the same numbers, so the image is the
 * same bit for bit. There is no sampler state to carry with a ray beyond its dimension counter.
 *
 * <p>Values are shuffled, Owen-scrambled Sobol points in 2D pairs (Burley 2020, "Practical Hash-based
 * Owen Scrambling"; the same idea as pbrt-v4's PaddedSobolSampler): dimensions (2k, 2k+1) form one
 * stratified 2D pattern over the sample indices of a pixel; the index is shuffled per (pixel, pair)
 * so that different pairs are decorrelated, and each coordinate is scrambled with its own hash.
 */
public final class DeterministicSampler {
  private static final float ONE_MINUS_EPSILON = 0x1.fffffep-1f;

  private DeterministicSampler() {}

  /** A uniform value in [0, 1) for (seed, pixel, sampleIndex, dimension). */
  public static float get(long seed, int pixel, int sampleIndex, int dimension) {
    int pairSeed = (int) Hash.mix(seed, pixel, dimension >>> 1);
    int index = nestedUniformScramble(sampleIndex, pairSeed);
    int bits;
    if ((dimension & 1) == 0) {
      bits = Integer.reverse(index); // Sobol dimension 0 is the van der Corput sequence.
    } else {
      bits = sobolDimension1(index);
    }
    bits = nestedUniformScramble(bits, Hash.combine(pairSeed, (dimension & 1) + 1));
    return Math.min(ONE_MINUS_EPSILON, (bits >>> 8) * 0x1p-24f);
  }

  /** Second Sobol dimension: direction numbers v_i = v_(i-1) ^ (v_(i-1) >> 1), v_0 = 2^31. */
  static int sobolDimension1(int index) {
    int x = 0;
    int v = 1 << 31;
    for (int i = index; i != 0; i >>>= 1) {
      if ((i & 1) != 0) {
        x ^= v;
      }
      v ^= v >>> 1;
    }
    return x;
  }

  /** Owen scrambling of the bits of x (most significant first) keyed by seed. */
  static int nestedUniformScramble(int x, int seed) {
    return Integer.reverse(laineKarrasPermutation(Integer.reverse(x), seed));
  }

  /** Vegdahl's improved Laine-Karras hash: each bit flipped depending only on lower bits. */
  private static int laineKarrasPermutation(int x, int seed) {
    x ^= x * 0x3d20adea;
    x += seed;
    x *= (seed >>> 16) | 1;
    x ^= x * 0x05526c56;
    x ^= x * 0x53a22864;
    return x;
  }
}
