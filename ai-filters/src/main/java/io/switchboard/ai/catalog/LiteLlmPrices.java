package io.switchboard.ai.catalog;

import io.switchboard.ai.Json;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads LiteLLM's community {@code model_prices_and_context_window.json} into {@link CatalogEntry entries}, e.g. to
 * pass to {@link ModelCatalog#withOverrides}. Per-token costs become per-million prices.
 *
 * <p>Keys are model names, possibly with LiteLLM's routing prefix ({@code groq/llama-3.3-70b-versatile}); the prefix
 * is removed when it names the entry's {@code litellm_provider}. Entries whose mode is neither chat-like
 * ({@code chat}, {@code completion}, {@code responses}) nor {@code embedding}, or which lack an input or output
 * cost, are skipped, as is the {@code sample_spec} key. LiteLLM provider names map to the gateway's provider type
 * ids ({@code together_ai} &rarr; {@code together}, {@code vertex_ai-*} &rarr; {@code vertex}, ...); unknown ones
 * are kept verbatim.
 */
public final class LiteLlmPrices {

  private static final Map<String, String> PROVIDERS = Map.ofEntries(Map.entry("openai", "openai"),
      Map.entry("text-completion-openai", "openai"), Map.entry("anthropic", "anthropic"),
      Map.entry("gemini", "gemini"), Map.entry("mistral", "mistral"), Map.entry("codestral", "mistral"),
      Map.entry("groq", "groq"), Map.entry("deepseek", "deepseek"), Map.entry("xai", "xai"),
      Map.entry("cohere", "cohere"), Map.entry("cohere_chat", "cohere"), Map.entry("together_ai", "together"),
      Map.entry("fireworks_ai", "fireworks"), Map.entry("fireworks_ai-embedding-models", "fireworks"),
      Map.entry("cerebras", "cerebras"), Map.entry("perplexity", "perplexity"), Map.entry("bedrock", "bedrock"),
      Map.entry("bedrock_converse", "bedrock"), Map.entry("azure", "azure"), Map.entry("azure_ai", "azure"),
      Map.entry("openrouter", "openrouter"));

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private LiteLlmPrices() {
  }

  /** Parses the whole document; keys seen twice for the same provider and id keep their first entry. */
  public static List<CatalogEntry> parse(String json) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalStateException("LiteLLM prices: not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalStateException("LiteLLM prices: expected a JSON object");
    }
    Map<String, CatalogEntry> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> property : root.properties()) {
      if ("sample_spec".equals(property.getKey()) || !property.getValue().isObject()) {
        continue;
      }
      CatalogEntry entry = entry(property.getKey(), property.getValue());
      if (entry != null) {
        entries.putIfAbsent(entry.provider() + '\u0000' + entry.id(), entry);
      }
    }
    return List.copyOf(entries.values());
  }

  /** The provider type id for a LiteLLM provider name. */
  public static String providerType(String litellmProvider) {
    String mapped = PROVIDERS.get(litellmProvider);
    if (mapped != null) {
      return mapped;
    }
    return litellmProvider.startsWith("vertex_ai") ? "vertex" : litellmProvider;
  }

  private static @Nullable CatalogEntry entry(String key, JsonNode spec) {
    String mode = spec.path("mode").asString("chat");
    CatalogEntry.Mode catalogMode = switch (mode) {
      case "chat", "completion", "responses" -> CatalogEntry.Mode.CHAT;
      case "embedding" -> CatalogEntry.Mode.EMBEDDING;
      default -> null;
    };
    BigDecimal input = perMillion(spec.get("input_cost_per_token"));
    BigDecimal output = perMillion(spec.get("output_cost_per_token"));
    if (catalogMode == null || input == null || (output == null && catalogMode == CatalogEntry.Mode.CHAT)) {
      return null;
    }
    String litellmProvider = spec.path("litellm_provider").asString("");
    if (litellmProvider.isEmpty()) {
      return null;
    }
    String id = key;
    String routePrefix = litellmProvider.startsWith("vertex_ai") ? "vertex_ai" : litellmProvider.split("-", 2)[0];
    for (String prefix : new String[] {litellmProvider, routePrefix}) {
      if (id.startsWith(prefix + "/")) {
        id = id.substring(prefix.length() + 1);
        break;
      }
    }
    Set<CatalogEntry.Capability> caps = EnumSet.noneOf(CatalogEntry.Capability.class);
    flag(spec, "supports_function_calling", CatalogEntry.Capability.TOOLS, caps);
    flag(spec, "supports_vision", CatalogEntry.Capability.VISION, caps);
    flag(spec, "supports_response_schema", CatalogEntry.Capability.JSON_SCHEMA, caps);
    flag(spec, "supports_reasoning", CatalogEntry.Capability.REASONING, caps);
    if (catalogMode == CatalogEntry.Mode.EMBEDDING) {
      caps.add(CatalogEntry.Capability.EMBEDDINGS);
    }
    long maxTokens = spec.path("max_tokens").asLong(0);
    long context = spec.path("max_input_tokens").asLong(maxTokens);
    long maxOutput = spec.path("max_output_tokens").asLong(catalogMode == CatalogEntry.Mode.EMBEDDING ? 0 : maxTokens);
    return new CatalogEntry(providerType(litellmProvider), id, List.of(), catalogMode, context, maxOutput, input,
        output == null ? BigDecimal.ZERO : output, perMillion(spec.get("cache_read_input_token_cost")),
        perMillion(spec.get("cache_creation_input_token_cost")),
        perMillion(spec.get("output_cost_per_reasoning_token")), caps);
  }

  private static void flag(JsonNode spec, String field, CatalogEntry.Capability cap, Set<CatalogEntry.Capability> caps) {
    if (spec.path(field).asBoolean(false)) {
      caps.add(cap);
    }
  }

  private static @Nullable BigDecimal perMillion(@Nullable JsonNode perToken) {
    if (perToken == null || !perToken.isNumber()) {
      return null;
    }
    BigDecimal price = new BigDecimal(perToken.numberValue().toString()).multiply(MILLION).stripTrailingZeros();
    if (price.signum() < 0) {
      return null;
    }
    return price.scale() < 0 ? price.setScale(0) : price;
  }

}
