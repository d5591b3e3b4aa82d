package io.switchboard.ai.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One model of the {@link ModelCatalog}: list prices in USD per million tokens, context window and capabilities.
 *
 * <p>{@code cacheReadPerMtok} and {@code cacheWritePerMtok} are {@code null} when the provider publishes no separate
 * price (the input price applies); {@code reasoningPerMtok} is {@code null} unless reasoning tokens are billed apart
 * from output tokens.
 */
public record CatalogEntry(String provider, String id, List<String> aliases, Mode mode, long contextWindow,
    long maxOutputTokens, BigDecimal inputPerMtok, BigDecimal outputPerMtok, @Nullable BigDecimal cacheReadPerMtok,
    @Nullable BigDecimal cacheWritePerMtok, @Nullable BigDecimal reasoningPerMtok, Set<Capability> capabilities) {

  public CatalogEntry {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(inputPerMtok, "inputPerMtok");
    Objects.requireNonNull(outputPerMtok, "outputPerMtok");
    aliases = List.copyOf(aliases);
    capabilities = Set.copyOf(capabilities);
  }

  public boolean supports(Capability capability) {
    return capabilities.contains(capability);
  }

  /** What a model is called for. */
  public enum Mode {
    CHAT, EMBEDDING;

    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Capability flags, spelled in the catalog file as {@code tools}, {@code vision}, {@code json_schema}, ... */
  public enum Capability {
    TOOLS, VISION, JSON_SCHEMA, REASONING, EMBEDDINGS;

    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
