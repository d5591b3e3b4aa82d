package io.switchboard.ai.routing;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Per-target settings of a failover route that change the upstream call itself.
 *
 * @param connectTimeout overrides the provider's connect timeout
 * @param idleTimeout overrides the provider's response timeout: the longest silence between two reads
 * @param headers extra request headers for this target (e.g. {@code anthropic-beta}); they win over the provider's
 * @param dropParams top-level request fields removed before the call (parameters this target rejects)
 */
public record TargetOptions(@Nullable Duration connectTimeout, @Nullable Duration idleTimeout,
    Map<String, String> headers, Set<String> dropParams) {

  public static final TargetOptions NONE = new TargetOptions(null, null, Map.of(), Set.of());

  public TargetOptions {
    headers = Map.copyOf(headers);
    dropParams = Set.copyOf(dropParams);
  }
}
