package io.switchboard.ai.governance.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * One set of buckets a request is counted in: the route's subject (with a virtual key's own limits folded in), or
 * a team's, which every key of the team shares. Keys are {@code <prefix><hash of the subject>:<r|t|c>}: the subject
 * itself never reaches the store.
 *
 * @param owner how refusals name these limits ({@code team 'a'}); {@code null} for the route's own
 * @param keyBase {@code <prefix><hash of the subject>:}, hashed once per request by {@link #of}
 */
record RateBucket(@Nullable String owner, String keyBase, RateLimits limits) {

  static RateBucket of(@Nullable String owner, String prefix, String subject, RateLimits limits) {
    return new RateBucket(owner, prefix + KeyResolvers.sha256Hex(subject).substring(0, 32) + ":", limits);
  }

  String key(String kind) {
    return keyBase + kind;
  }

  String requestKey() {
    return key("r");
  }

  String tokenKey() {
    return key("t");
  }

  /** How a refusal names a limit of these buckets: {@code requests per minute} or {@code team 'a' tokens}. */
  String describe(String what) {
    return owner == null ? what : owner + " " + what;
  }
}
