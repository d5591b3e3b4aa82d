package io.switchboard.ai.governance.budget;

import io.switchboard.ai.catalog.CatalogEntry;
import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.catalog.PromptTokens;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.Operation;
import io.switchboard.ai.routing.AiTarget;
import io.switchboard.ai.routing.FailoverRoute;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.JsonNode;

/**
 * The maximum possible cost of a request, reserved before the call: for every target the route may send it to
 * (all targets of an {@code AiFailover} route, the {@code AiProvider} target, else the client's model), the catalog
 * price of the prompt estimate plus the maximum output, and the largest of them. The maximum output is the
 * request's own limit ({@code max_tokens}, {@code max_completion_tokens}, {@code max_output_tokens},
 * {@code generationConfig.maxOutputTokens}, times {@code n}), else the catalog's maximum output for the model, else
 * the provider's {@code default-max-tokens}, else {@code ai.budget.default-max-tokens}. Models the catalog does not
 * price are priced at the fallback prices ({@code ai.budget.fallback-price}).
 */
public final class BudgetPricing {

  private final ModelCatalog catalog;
  private final BigDecimal fallbackInput;
  private final BigDecimal fallbackOutput;
  private final long defaultMaxTokens;

  public BudgetPricing(ModelCatalog catalog, BigDecimal fallbackInputPerMtok, BigDecimal fallbackOutputPerMtok,
      long defaultMaxTokens) {
    this.catalog = catalog;
    this.fallbackInput = fallbackInputPerMtok;
    this.fallbackOutput = fallbackOutputPerMtok;
    this.defaultMaxTokens = defaultMaxTokens;
  }

  /** The maximum cost in USD of the request given its prompt estimate ({@link PromptTokens#UNKNOWN}: body size). */
  public BigDecimal maxCost(ServerWebExchange exchange, AiRequest request, long promptTokens) {
    long prompt = promptTokens == PromptTokens.UNKNOWN ? request.body().length : promptTokens;
    boolean embeddings = request.operation() == Operation.EMBEDDINGS;
    @Nullable Long requested = embeddings ? Long.valueOf(0) : requestedMaxOutput(request);
    String clientModel = request.model() == null ? "" : request.model();
    List<AiTarget> targets = new ArrayList<>();
    FailoverRoute route = exchange.getAttribute(FailoverRoute.ATTRIBUTE);
    if (route != null) {
      route.targets().forEach(t -> targets.add(t.target()));
    }
    AiTarget target = exchange.getAttribute(AiTarget.ATTRIBUTE);
    if (target != null) {
      targets.add(target);
    }
    BigDecimal max = BigDecimal.ZERO;
    if (targets.isEmpty()) {
      max = cost(catalog.findByModel(clientModel).orElse(null), prompt, requested, 0);
    }
    for (AiTarget t : targets) {
      String model = t.upstreamModel(clientModel);
      Optional<CatalogEntry> entry = catalog.find(t.provider().type().id(), model)
          .or(() -> catalog.findByModel(model));
      max = max.max(cost(entry.orElse(null), prompt, requested, t.provider().defaultMaxTokens()));
    }
    return max;
  }

  /**
   * What a hedge attempt that lost its race is charged: the prompt estimate at the input price of its model in the
   * catalog (any provider listing it), else at the fallback input price. See {@code CancelledHedges}.
   */
  public BigDecimal promptCost(String model, long promptTokens) {
    BigDecimal input = catalog.findByModel(model).map(CatalogEntry::inputPerMtok).orElse(fallbackInput);
    return perMillion(promptTokens, input);
  }

  /** The cost of a usage at the fallback prices, for calls to models the catalog does not price. */
  public BigDecimal fallbackCost(TokenUsage usage) {
    return perMillion(usage.promptTokens(), fallbackInput).add(perMillion(usage.completionTokens(), fallbackOutput));
  }

  private BigDecimal cost(@Nullable CatalogEntry entry, long prompt, @Nullable Long requested, int providerDefault) {
    long output;
    if (requested != null) {
      output = requested;
    } else if (entry != null && entry.maxOutputTokens() > 0) {
      output = entry.maxOutputTokens();
    } else if (providerDefault > 0) {
      output = providerDefault;
    } else {
      output = defaultMaxTokens;
    }
    BigDecimal input = entry == null ? fallbackInput : entry.inputPerMtok();
    BigDecimal out = entry == null ? fallbackOutput
        : entry.reasoningPerMtok() == null ? entry.outputPerMtok() : entry.outputPerMtok().max(entry.reasoningPerMtok());
    BigDecimal cacheWrite = entry == null || entry.cacheWritePerMtok() == null ? input
        : input.max(entry.cacheWritePerMtok());
    return perMillion(prompt, cacheWrite).add(perMillion(output, out));
  }

  private static BigDecimal perMillion(long tokens, BigDecimal price) {
    return BigDecimal.valueOf(tokens).multiply(price).movePointLeft(6);
  }

  static @Nullable Long requestedMaxOutput(AiRequest request) {
    JsonNode tree;
    try {
      tree = request.tree();
    } catch (RuntimeException notJson) {
      return null;
    }
    long n = Math.max(1, tree.path("n").asLong(1));
    for (JsonNode node : new JsonNode[] {tree.path("max_completion_tokens"), tree.path("max_tokens"),
        tree.path("max_output_tokens"), tree.path("generationConfig").path("maxOutputTokens")}) {
      if (node.isNumber() && node.asLong() > 0) {
        return node.asLong() * n;
      }
    }
    return null;
  }
}
