package io.switchboard.ai.balance;

/**
 * Chained 64-bit block hashes of a text: {@code h₀ = H(seed text)}, {@code hᵢ = H(blockᵢ, parent hᵢ₋₁)}, the
 * scheme of vLLM's prefix caching and of llm-d's approximate prefix scorer.
 *
 * <p>H is a MurmurHash3-style mix over four UTF-16 code units per 64-bit word with its 64-bit finalizer; the JDK
 * has no fast 64-bit hash, and a cryptographic one is not needed: a collision only makes one routing choice
 * worse, never a response wrong. A trailing partial block is not hashed, since engines cache whole blocks only
 * and the next turn would change it anyway.
 */
final class ChainedHash {

  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final long ROOT = 0x9E3779B97F4A7C15L;

  private ChainedHash() {
  }

  /** The hashes of the first {@code maxBlocks} whole blocks of {@code text}, chained from {@code seed}. */
  static long[] blocks(CharSequence seed, CharSequence text, int blockChars, int maxBlocks) {
    int count = Math.min(text.length() / blockChars, maxBlocks);
    long[] out = new long[count];
    long parent = hash(ROOT, seed, 0, seed.length());
    for (int b = 0; b < count; b++) {
      parent = hash(parent, text, b * blockChars, blockChars);
      out[b] = parent;
    }
    return out;
  }

  static long hash(long parent, CharSequence text, int from, int length) {
    long h = parent ^ (length * C2);
    int i = from;
    int end = from + length;
    for (; i + 4 <= end; i += 4) {
      h = mix(h, text.charAt(i) | (long) text.charAt(i + 1) << 16 | (long) text.charAt(i + 2) << 32
          | (long) text.charAt(i + 3) << 48);
    }
    for (; i < end; i++) {
      h = mix(h, text.charAt(i));
    }
    return finish(h);
  }

  private static long mix(long h, long k) {
    k *= C1;
    k = Long.rotateLeft(k, 31);
    k *= C2;
    h ^= k;
    return Long.rotateLeft(h, 27) * 5 + 0x52dce729;
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
