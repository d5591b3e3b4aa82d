package io.switchboard.ai.observe;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Model names as metric tags: a model the gateway knows (configured on a provider or route target, or in the model
 * catalog) keeps its name, anything else is {@code other}, so clients cannot grow the number of series by sending
 * made-up names. With {@code raw} every name is kept.
 */
final class ModelTags {

  static final String OTHER = "other";
  static final String NONE = "none";
  private static final int MAX_CACHED = 10_000;

  private final boolean raw;
  private final Supplier<Set<String>> configured;
  private final Predicate<String> inCatalog;
  private final Map<String, String> decided = new ConcurrentHashMap<>();

  /**
   * @param configured the models named in configuration (read again on every miss: route targets appear late)
   * @param inCatalog whether the catalog lists a model
   */
  ModelTags(boolean raw, Supplier<Set<String>> configured, Predicate<String> inCatalog) {
    this.raw = raw;
    this.configured = configured;
    this.inCatalog = inCatalog;
  }

  String tag(@Nullable String model) {
    if (model == null || model.isEmpty()) {
      return NONE;
    }
    if (raw) {
      return model;
    }
    String known = decided.get(model);
    if (known != null) {
      return known;
    }
    String tag = configured.get().contains(model) || inCatalog.test(model) ? model : OTHER;
    if (decided.size() < MAX_CACHED) {
      decided.put(model, tag);
    }
    return tag;
  }
}
