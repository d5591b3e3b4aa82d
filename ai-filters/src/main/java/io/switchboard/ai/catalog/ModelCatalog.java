package io.switchboard.ai.catalog;

import io.switchboard.ai.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The model price and capability catalog: an immutable index over {@link CatalogEntry entries}, loaded at startup
 * from the bundled {@code models.json} (and optional override files); lookups do no I/O.
 *
 * <p>Lookups are case-insensitive and try, in order: the exact id, an alias, then the id with a trailing date or
 * snapshot suffix removed ({@code gpt-4o-2024-08-06} &rarr; {@code gpt-4o}, {@code claude-sonnet-4-5-20250929}
 * &rarr; {@code claude-sonnet-4-5}, {@code claude-sonnet-4-5@20250929}, {@code gpt-4-0613}), so a snapshot with an
 * entry of its own always wins over its undated family.
 *
 * <p>The bundled prices are USD list prices per million tokens (standard / on-demand tier, the lowest context tier
 * where prices are tiered, e.g. Gemini 2.5 Pro up to 200k prompt tokens) as of the file's {@code version}. Cache
 * write prices are the 5-minute-TTL write where a provider has several. Where a provider publishes no separate
 * output limit (Mistral, Together, Fireworks, Cerebras, Perplexity, xAI) {@code max_output_tokens} equals the context
 * window. Azure entries are Global Standard prices under the model's name; OpenRouter entries are its pass-through
 * of the first-party list price. Deployments can override any of it with their own files ({@link #load}).
 */
public final class ModelCatalog {

  /** Classpath location of the bundled catalog. */
  public static final String BUNDLED_RESOURCE = "/io/switchboard/ai/catalog/models.json";

  private static final Pattern DATE_SUFFIX = Pattern.compile(
      "(?:-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|@\\d{8}|-\\d{2}-\\d{4}|-\\d{4})$");

  private static volatile @Nullable ModelCatalog bundled;

  private final String version;
  private final List<CatalogEntry> entries;
  private final Map<String, Map<String, CatalogEntry>> byProvider;
  private final Map<String, CatalogEntry> byModel;

  private ModelCatalog(String version, List<CatalogEntry> entries) {
    this.version = version;
    Map<String, CatalogEntry> unique = new LinkedHashMap<>();
    for (CatalogEntry e : entries) {
      unique.put(key(e.provider()) + '\u0000' + key(e.id()), e);
    }
    this.entries = List.copyOf(unique.values());
    Map<String, Map<String, CatalogEntry>> providers = new HashMap<>();
    Map<String, CatalogEntry> models = new HashMap<>();
    // ids first, aliases second: an alias never shadows another entry's id
    for (CatalogEntry e : this.entries) {
      providers.computeIfAbsent(key(e.provider()), p -> new HashMap<>()).put(key(e.id()), e);
      models.putIfAbsent(key(e.id()), e);
    }
    for (CatalogEntry e : this.entries) {
      Map<String, CatalogEntry> forProvider = providers.get(key(e.provider()));
      for (String alias : e.aliases()) {
        forProvider.putIfAbsent(key(alias), e);
        models.putIfAbsent(key(alias), e);
      }
    }
    this.byProvider = providers;
    this.byModel = models;
  }

  /** The bundled catalog, parsed and validated once. */
  public static ModelCatalog bundled() {
    ModelCatalog catalog = bundled;
    if (catalog == null) {
      synchronized (ModelCatalog.class) {
        catalog = bundled;
        if (catalog == null) {
          try (InputStream in = ModelCatalog.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("Bundled model catalog " + BUNDLED_RESOURCE + " is missing");
            }
            catalog = parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), BUNDLED_RESOURCE);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          bundled = catalog;
        }
      }
    }
    return catalog;
  }

  /**
   * The bundled catalog with each override file (same format) applied in order: an override entry replaces the
   * entry with the same provider and id, other entries are added.
   */
  public static ModelCatalog load(List<Path> overrideFiles) {
    ModelCatalog catalog = bundled();
    for (Path file : overrideFiles) {
      try {
        catalog = catalog.withOverrides(parse(Files.readString(file), file.toString()).entries());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read model catalog " + file, e);
      }
    }
    return catalog;
  }

  /** Parses and validates a catalog document; {@code source} names it in error messages. */
  public static ModelCatalog parse(String json, String source) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalStateException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalStateException(source + ": expected a JSON object");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isString() || version.asString().isBlank()) {
      throw new IllegalStateException(source + ": field 'version' is missing or not a string");
    }
    JsonNode models = root.get("models");
    if (models == null || !models.isArray()) {
      throw new IllegalStateException(source + ": field 'models' is missing or not an array");
    }
    List<CatalogEntry> entries = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      entries.add(entry(models.get(i), i, source));
    }
    return new ModelCatalog(version.asString(), entries);
  }

  /** A catalog over the given entries, e.g. ones read by {@link LiteLlmPrices}. */
  public static ModelCatalog of(String version, List<CatalogEntry> entries) {
    return new ModelCatalog(version, entries);
  }

  /** This catalog with {@code overrides} replacing same provider-and-id entries and adding the rest. */
  public ModelCatalog withOverrides(List<CatalogEntry> overrides) {
    List<CatalogEntry> all = new ArrayList<>(entries);
    all.addAll(overrides);
    return new ModelCatalog(version, all);
  }

  public String version() {
    return version;
  }

  public List<CatalogEntry> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  /** The entry of {@code model} at the provider type {@code provider} (e.g. {@code openai}, {@code bedrock}). */
  public Optional<CatalogEntry> find(String provider, String model) {
    Map<String, CatalogEntry> forProvider = byProvider.getOrDefault(key(provider), Collections.emptyMap());
    return Optional.ofNullable(resolve(forProvider, model));
  }

  /**
   * The entry of a bare model id at whichever provider lists it; when several do, the first in catalog order
   * (first-party providers come first in the bundled file).
   */
  public Optional<CatalogEntry> findByModel(String model) {
    return Optional.ofNullable(resolve(byModel, model));
  }

  private static @Nullable CatalogEntry resolve(Map<String, CatalogEntry> index, String model) {
    String name = key(model);
    CatalogEntry hit = index.get(name);
    if (hit != null) {
      return hit;
    }
    String stripped = DATE_SUFFIX.matcher(name).replaceFirst("");
    return stripped.equals(name) || stripped.isEmpty() ? null : index.get(stripped);
  }

  private static String key(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }

  private static CatalogEntry entry(JsonNode node, int index, String source) {
    if (node == null || !node.isObject()) {
      throw invalid(source, index, null, "entry", "is not an object");
    }
    String label = node.path("id").isString() ? node.path("provider").asString("?") + "/" + node.get("id").asString()
        : null;
    String provider = text(node, "provider", index, source, label);
    String id = text(node, "id", index, source, label);
    String modeName = text(node, "mode", index, source, label);
    CatalogEntry.Mode mode = switch (modeName) {
      case "chat" -> CatalogEntry.Mode.CHAT;
      case "embedding" -> CatalogEntry.Mode.EMBEDDING;
      default -> throw invalid(source, index, label, "mode", "must be chat or embedding, was '" + modeName + "'");
    };
    List<String> aliases = new ArrayList<>();
    for (JsonNode alias : array(node, "aliases", index, source, label)) {
      if (!alias.isString() || alias.asString().isBlank()) {
        throw invalid(source, index, label, "aliases", "must hold non-blank strings");
      }
      aliases.add(alias.asString());
    }
    Set<CatalogEntry.Capability> capabilities = EnumSet.noneOf(CatalogEntry.Capability.class);
    for (JsonNode cap : array(node, "capabilities", index, source, label)) {
      try {
        capabilities.add(CatalogEntry.Capability.valueOf(cap.asString("").toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw invalid(source, index, label, "capabilities", "unknown capability '" + cap.asString("") + "'");
      }
    }
    return new CatalogEntry(provider, id, aliases, mode, count(node, "context_window", index, source, label),
        count(node, "max_output_tokens", index, source, label), price(node, "input_per_mtok", false, index, source, label),
        price(node, "output_per_mtok", false, index, source, label),
        price(node, "cache_read_per_mtok", true, index, source, label),
        price(node, "cache_write_per_mtok", true, index, source, label),
        price(node, "reasoning_per_mtok", true, index, source, label), capabilities);
  }

  private static String text(JsonNode node, String field, int index, String source, @Nullable String label) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw invalid(source, index, label, field, "is missing");
    }
    if (!value.isString() || value.asString().isBlank()) {
      throw invalid(source, index, label, field, "must be a non-blank string");
    }
    return value.asString();
  }

  private static JsonNode array(JsonNode node, String field, int index, String source, @Nullable String label) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw invalid(source, index, label, field, "is missing");
    }
    if (!value.isArray()) {
      throw invalid(source, index, label, field, "must be an array");
    }
    return value;
  }

  private static long count(JsonNode node, String field, int index, String source, @Nullable String label) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw invalid(source, index, label, field, "is missing");
    }
    if (!value.isIntegralNumber() || value.asLong() < 0) {
      throw invalid(source, index, label, field, "must be a non-negative integer");
    }
    return value.asLong();
  }

  private static @Nullable BigDecimal price(JsonNode node, String field, boolean nullable, int index, String source,
      @Nullable String label) {
    JsonNode value = node.get(field);
    if (value == null) {
      throw invalid(source, index, label, field, "is missing");
    }
    if (value.isNull()) {
      if (nullable) {
        return null;
      }
      throw invalid(source, index, label, field, "is missing");
    }
    if (!value.isNumber()) {
      throw invalid(source, index, label, field, "must be a number");
    }
    BigDecimal price = new BigDecimal(value.numberValue().toString());
    if (price.signum() < 0) {
      throw invalid(source, index, label, field, "must not be negative, was " + price.toPlainString());
    }
    return price;
  }

  private static IllegalStateException invalid(String source, int index, @Nullable String label, String field,
      String problem) {
    return new IllegalStateException(source + ": models[" + index + "]" + (label == null ? "" : " (" + label + ")")
        + ": field '" + field + "' " + problem);
  }
}
