package io.switchboard.ai.balance;

import io.switchboard.ai.request.AiRequest;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Prompt-cache-aware choice among interchangeable targets: self-hosted replicas of one model, or for hosted APIs
 * the providers and keys of a failover list, whose prompt caches are per target. It sends a prompt where its
 * prefix was sent before, as long as that target is not overloaded.
 *
 * <p>The router cannot see the engines' caches, so it remembers what it sent where: {@link #record} after each
 * choice, per target a bounded LRU set of the prompt's chained block hashes (the approximate prefix scoring of
 * llm-d, with SGLang's kind of imbalance guard). Targets are opaque string keys: a replica's {@code host:port}, a
 * provider and key name. Pure: no I/O and no clock; thread-safe, and cheap enough to call on an event loop (a few
 * microseconds per candidate on top of hashing the prompt once).
 *
 * <p>Contract for a caller such as a failover strategy:
 * <ol>
 *   <li>{@link #hash} the request once;</li>
 *   <li>{@link #rank} (or {@link #choose}) the candidates that may serve it, with the caller's own count of
 *       requests in flight per key;</li>
 *   <li>{@link #record} the key the request is actually sent to (again for each fallback it moves to), before or
 *       when sending: the engine caches the prompt as soon as it has computed it.</li>
 * </ol>
 */
public final class PrefixAffinity {

  private final PrefixAffinitySettings settings;
  private final BlockIndex index;
  private final AffinityChooser chooser;

  public PrefixAffinity(PrefixAffinitySettings settings) {
    this.settings = settings;
    this.index = new BlockIndex(settings.capacityBlocks(), settings.maxReplicas());
    this.chooser = new AffinityChooser(index, settings);
  }

  public PrefixAffinitySettings settings() {
    return settings;
  }

  /**
   * The chained block hashes of a request's prompt (see {@code PromptText} for the canonical text of each
   * dialect), seeded with the requested model. Parses the body once, sharing the tree with translators through
   * {@link AiRequest#tree()}, and does not modify it.
   *
   * @return {@link BlockHashes#NONE} for requests without a prompt: embeddings, token counts, invalid JSON, or a
   *     prompt shorter than one block
   */
  public BlockHashes hash(AiRequest request) {
    String text = PromptText.of(request, settings.blockChars() * settings.maxBlocks());
    String model = request.model();
    return hash(model == null ? "" : model, text);
  }

  /** The block hashes of an already canonical prompt text (tests and the simulator). */
  BlockHashes hash(String model, CharSequence text) {
    if (text.length() < settings.blockChars()) {
      return BlockHashes.NONE;
    }
    return new BlockHashes(ChainedHash.blocks(model, text, settings.blockChars(), settings.maxBlocks()));
  }

  /**
   * The candidates, best first. A candidate's score is its matched share (leading blocks of {@code prompt} it was
   * recently sent, over the prompt's blocks) minus {@code loadWeight × (inFlight − minInFlight) / (meanInFlight
   * + 1)}. The hard guard comes first: a candidate whose in-flight count exceeds {@code mean + max(mean ×
   * imbalanceTolerance, imbalanceSlack)} is not chosen for affinity, and ranks after every candidate within the
   * limit, least loaded first. Ties go to the less loaded candidate, then rotate between calls.
   *
   * @param candidates distinct keys that may serve the request; not empty
   * @param prompt the prompt's hashes; {@link BlockHashes#NONE} ranks by load alone
   * @param inFlight requests in flight per key, as the caller counts them (negative counts as 0)
   * @return a new list holding every candidate once
   * @throws IllegalArgumentException when {@code candidates} is empty
   */
  public List<String> rank(List<String> candidates, BlockHashes prompt, ToIntFunction<String> inFlight) {
    return chooser.rank(candidates, prompt, inFlight);
  }

  /** The first of {@link #rank}, without sorting the rest. */
  public String choose(List<String> candidates, BlockHashes prompt, ToIntFunction<String> inFlight) {
    return chooser.choose(candidates, prompt, inFlight);
  }

  /** Remembers that {@code prompt} was sent to {@code key}; its blocks become that key's most recently used. */
  public void record(String key, BlockHashes prompt) {
    if (!prompt.isEmpty()) {
      index.record(key, prompt);
    }
  }

  /** Forgets what was sent to {@code key}: a replica that left, or restarted with an empty cache. */
  public void forget(String key) {
    index.forget(key);
  }

  /** The share of {@code prompt}'s leading blocks that {@code key} was recently sent, in [0, 1]. */
  public double matchedShare(String key, BlockHashes prompt) {
    return prompt.isEmpty() ? 0 : (double) index.matched(key, prompt) / prompt.size();
  }
}
