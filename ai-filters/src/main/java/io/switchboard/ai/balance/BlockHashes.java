package io.switchboard.ai.balance;

import java.util.Arrays;

/**
 * The chained block hashes of one prompt: hash {@code i} covers block {@code i} and, through its parent, every block
 * before it (as in vLLM's prefix caching), so two prompts share hash {@code i} only if they share their first
 * {@code i + 1} blocks. Immutable; made by {@link PrefixAffinity#hash}.
 */
public final class BlockHashes {

  /** No blocks: a prompt shorter than one block, or a request that is not a chat prompt. */
  public static final BlockHashes NONE = new BlockHashes(new long[0]);

  private final long[] hashes;

  BlockHashes(long[] hashes) {
    this.hashes = hashes;
  }

  /** The number of blocks. */
  public int size() {
    return hashes.length;
  }

  /** Whether there is no block to match. */
  public boolean isEmpty() {
    return hashes.length == 0;
  }

  /** The hash of block {@code index} (0-based). */
  public long get(int index) {
    return hashes[index];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlockHashes that && Arrays.equals(hashes, that.hashes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hashes);
  }

  @Override
  public String toString() {
    return "BlockHashes[" + hashes.length + " blocks]";
  }
}
