package io.switchboard.ai.balance;

/**
 * Tuning of {@link PrefixAffinity}. {@link #DEFAULTS} suits self-hosted vLLM or SGLang replicas; every value is
 * checked on construction.
 *
 * @param blockChars characters per prompt block. The gateway does not tokenize, so a block is a fixed run of
 *     characters of the canonical prompt text; 64 characters is about 16 tokens at the usual ~4 characters per
 *     token, vLLM's default KV block. Blocks need not line up with the engine's: only the share of the prompt
 *     that matched matters.
 * @param maxBlocks blocks hashed per prompt at most; the rest of a longer prompt is not looked at (a long shared
 *     prefix is already decisive within the first blocks)
 * @param capacityBlocks blocks remembered per replica, least recently used forgotten first. Set it near the
 *     replica's KV cache size in blocks (vLLM logs {@code # GPU blocks}; tokens ÷ 16 ÷ (blockChars ÷ 64))
 * @param maxReplicas replicas remembered at most; the one least recently recorded is forgotten first, so
 *     discovery churn cannot grow the index without bound
 * @param loadWeight how much one request in flight weighs against the matched prefix share, in units of the mean
 *     load plus one (see {@link PrefixAffinity#rank}); 0 means load only breaks ties
 * @param imbalanceTolerance the hard guard: a replica whose requests in flight exceed
 *     {@code mean + max(mean × imbalanceTolerance, imbalanceSlack)} is not chosen for affinity
 * @param imbalanceSlack the guard's allowance in requests, so that at low load one request more than the mean is
 *     not called an imbalance
 */
public record PrefixAffinitySettings(int blockChars, int maxBlocks, int capacityBlocks, int maxReplicas,
    double loadWeight, double imbalanceTolerance, double imbalanceSlack) {

  /** 64-character blocks, 2,048 per prompt, 32,768 per replica, 1,024 replicas, load weight 0.5, guard 25 % or 2. */
  public static final PrefixAffinitySettings DEFAULTS = new PrefixAffinitySettings(64, 2048, 32_768, 1024, 0.5,
      0.25, 2.0);

  public PrefixAffinitySettings {
    positive("blockChars", blockChars);
    positive("maxBlocks", maxBlocks);
    positive("capacityBlocks", capacityBlocks);
    positive("maxReplicas", maxReplicas);
    if (!(loadWeight >= 0) || !(imbalanceTolerance >= 0) || !(imbalanceSlack >= 0)
        || Double.isInfinite(loadWeight + imbalanceTolerance + imbalanceSlack)) {
      throw new IllegalArgumentException("loadWeight, imbalanceTolerance and imbalanceSlack must be finite and >= 0");
    }
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }
}
