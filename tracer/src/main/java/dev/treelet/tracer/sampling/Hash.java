package dev.treelet.tracer.sampling;

/** Small, fast, well-mixing integer hashes (SplitMix64 finaliser) for seeding the sampler. */
public final class Hash {
  private Hash() {}

  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public static long mix(long a, long b, long c) {
    long h = mix64(a + 0x9e3779b97f4a7c15L);
    h = mix64(h ^ (b + 0x9e3779b97f4a7c15L));
    return mix64(h ^ (c + 0x632be59bd9b4e019L));
  }

  public static int combine(int seed, int v) {
    return (int) mix64(((long) seed << 32) ^ (v & 0xffffffffL));
  }
}
