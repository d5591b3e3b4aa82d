package io.switchboard.ai.filter;

import io.switchboard.ai.failover.FailoverPolicy;
import io.switchboard.ai.failover.ResilienceProperties;
import io.switchboard.ai.failover.Strategy;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.routing.FailoverRoute;
import io.switchboard.ai.routing.FailoverRoutes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code AiFailover}: sends the route's AI requests to a list of targets (provider and model), with a strategy to
 * choose among them, retries with backoff, failover by error class, circuit breaking, timeouts and optional
 * hedging. Each attempt is translated for its target's dialect exactly as {@code AiProvider} does. Every argument
 * other than {@code targets} defaults to {@code ai.resilience.*}; see docs/routing.md.
 *
 * <pre>
 * filters:
 *   - name: AiFailover
 *     args:
 *       strategy: priority
 *       targets:
 *         - {provider: openai, model: gpt-4.1, weight: 3}
 *         - {provider: anthropic, model: claude-sonnet-4-5}
 * </pre>
 *
 * Like {@code AiProvider}, the filter only names where the request goes; {@code AiRoutingFilter} makes the calls.
 */
public class AiFailoverGatewayFilterFactory
    extends AbstractGatewayFilterFactory<AiFailoverGatewayFilterFactory.Config> {

  private final ProviderRegistry providers;
  private final FailoverRoutes routes;

  public AiFailoverGatewayFilterFactory(ProviderRegistry providers, FailoverRoutes routes) {
    super(Config.class);
    this.providers = providers;
    this.routes = routes;
  }

  @Override
  public GatewayFilter apply(Config config) {
    FailoverRoute route = build(config, true);
    return new GatewayFilter() {
      @Override
      public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        exchange.getAttributes().put(FailoverRoute.ATTRIBUTE, route);
        return chain.filter(exchange);
      }

      @Override
      public String toString() {
        return "[AiFailover " + route.policy().strategy().id() + " " + route.targets().stream()
            .map(FailoverRoute.Target::name).toList() + "]";
      }
    };
  }

  /**
   * Checks a route definition's arguments as the gateway will bind them (for startup validation: Spring Cloud
   * Gateway itself only logs a route that fails to build). Returns the problem, or null when they are valid.
   */
  public @Nullable String validate(String routeId, Map<String, String> args) {
    try {
      Config config = new org.springframework.boot.context.properties.bind.Binder(
              new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(args))
          .bindOrCreate("", Config.class);
      config.setRouteId(routeId);
      build(config, false);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      return "AiFailover: " + e.getMessage();
    }
  }

  /** Validates the arguments and builds the route; every problem is named with the argument it is in. */
  FailoverRoute build(Config config, boolean register) {
    if (config.getTargets().isEmpty()) {
      throw new IllegalArgumentException("AiFailover: targets: at least one target is required");
    }
    List<FailoverRoutes.TargetSpec> targets = new ArrayList<>();
    for (int i = 0; i < config.getTargets().size(); i++) {
      TargetConfig t = config.getTargets().get(i);
      String where = "AiFailover: targets[" + i + "]";
      Provider provider = t.getProvider() == null ? null : providers.find(t.getProvider().trim());
      if (provider == null) {
        throw new IllegalArgumentException(where + ".provider: " + t.getProvider()
            + " (expected: a provider declared under ai.providers: " + providers.ids() + ")");
      }
      if (t.getWeight() <= 0) {
        throw new IllegalArgumentException(where + ".weight: " + t.getWeight() + " (expected: > 0)");
      }
      if (t.getMaxConcurrency() < 0) {
        throw new IllegalArgumentException(where + ".max-concurrency: " + t.getMaxConcurrency()
            + " (expected: >= 0, 0 for no limit)");
      }
      String model = t.getModel() == null || t.getModel().isBlank() ? null : t.getModel().trim();
      targets.add(new FailoverRoutes.TargetSpec(provider, model, t.getWeight(), t.getMaxConcurrency(),
          t.getTimeouts(), t.getHeaders(), t.getDropParams()));
    }
    FailoverPolicy.Hedge hedge = null;
    HedgeConfig h = config.getHedge();
    if (h != null && h.isEnabled()) {
      Duration delay = h.getDelay() == null || h.getDelay().isBlank() || h.getDelay().trim().equals("p95") ? null
          : parseDuration(h.getDelay(), "AiFailover: hedge.delay");
      if (h.getMaxExtraRatio() <= 0 || h.getMaxExtraRatio() > 1) {
        throw new IllegalArgumentException("AiFailover: hedge.max-extra-ratio: " + h.getMaxExtraRatio()
            + " (expected: 0 < ratio <= 1)");
      }
      if (h.getMaxExtraCostPerHour() != null && !(h.getMaxExtraCostPerHour() > 0)) {
        throw new IllegalArgumentException("AiFailover: hedge.max-extra-cost-per-hour: "
            + h.getMaxExtraCostPerHour() + " (expected: US dollars > 0, or unset for no cap)");
      }
      hedge = new FailoverPolicy.Hedge(delay, h.getMinDelay(), h.getMaxExtraRatio(), h.getMaxExtraCostPerHour());
    }
    String routeId = config.getRouteId() == null ? "ai-failover-" + System.identityHashCode(config)
        : config.getRouteId();
    try {
      return routes.build(routeId, register, targets, new FailoverRoutes.RouteSpec(Strategy.parse(config.getStrategy()),
          config.getMaxAttempts(), config.getTimeouts(), config.getKeepAlive(), config.getBackoff(),
          config.getMaxRetryAfter(), config.getRetryBudget(), config.getOnError(), hedge, config.getFallbackModels()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("AiFailover: " + e.getMessage(), e);
    }
  }

  private static Duration parseDuration(String value, String where) {
    try {
      return org.springframework.boot.convert.DurationStyle.detectAndParse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + value + " (expected: a duration such as 800ms, or p95)");
    }
  }

  /** Arguments of {@code AiFailover}. */
  public static class Config implements HasRouteId {
    private @Nullable String routeId;
    /** weighted (default), priority, least-latency, least-busy, cost, prefix-affinity. */
    private String strategy = "weighted";
    private List<TargetConfig> targets = new ArrayList<>();
    /** Models of other AI routes to try once this route's targets are exhausted. */
    private List<String> fallbackModels = new ArrayList<>();
    private @Nullable Integer maxAttempts;
    private ResilienceProperties.Timeouts timeouts = new ResilienceProperties.Timeouts();
    private @Nullable Duration keepAlive;
    private ResilienceProperties.@Nullable BackoffProperties backoff;
    private @Nullable Duration maxRetryAfter;
    private ResilienceProperties.@Nullable RetryBudgetProperties retryBudget;
    /** Error class to action, e.g. {@code content-filtered: failover}. */
    private Map<String, String> onError = new LinkedHashMap<>();
    private @Nullable HedgeConfig hedge;

    @Override
    public void setRouteId(String routeId) {
      this.routeId = routeId;
    }

    @Override
    public @Nullable String getRouteId() {
      return routeId;
    }

    public String getStrategy() {
      return strategy;
    }

    public Config setStrategy(String strategy) {
      this.strategy = strategy;
      return this;
    }

    public List<TargetConfig> getTargets() {
      return targets;
    }

    public Config setTargets(List<TargetConfig> targets) {
      this.targets = targets;
      return this;
    }

    public List<String> getFallbackModels() {
      return fallbackModels;
    }

    public void setFallbackModels(List<String> fallbackModels) {
      this.fallbackModels = fallbackModels;
    }

    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    public Config setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public ResilienceProperties.Timeouts getTimeouts() {
      return timeouts;
    }

    public void setTimeouts(ResilienceProperties.Timeouts timeouts) {
      this.timeouts = timeouts;
    }

    public @Nullable Duration getKeepAlive() {
      return keepAlive;
    }

    public void setKeepAlive(@Nullable Duration keepAlive) {
      this.keepAlive = keepAlive;
    }

    public ResilienceProperties.@Nullable BackoffProperties getBackoff() {
      return backoff;
    }

    public void setBackoff(ResilienceProperties.@Nullable BackoffProperties backoff) {
      this.backoff = backoff;
    }

    public @Nullable Duration getMaxRetryAfter() {
      return maxRetryAfter;
    }

    public void setMaxRetryAfter(@Nullable Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
    }

    public ResilienceProperties.@Nullable RetryBudgetProperties getRetryBudget() {
      return retryBudget;
    }

    public void setRetryBudget(ResilienceProperties.@Nullable RetryBudgetProperties retryBudget) {
      this.retryBudget = retryBudget;
    }

    public Map<String, String> getOnError() {
      return onError;
    }

    public void setOnError(Map<String, String> onError) {
      this.onError = onError;
    }

    public @Nullable HedgeConfig getHedge() {
      return hedge;
    }

    public void setHedge(@Nullable HedgeConfig hedge) {
      this.hedge = hedge;
    }
  }

  /** One target of {@code AiFailover}. */
  public static class TargetConfig {
    private @Nullable String provider;
    /** Model to ask for; by default the client's model without a {@code <provider-id>/} prefix. */
    private @Nullable String model;
    private double weight = 1;
    /** Requests in flight beyond which this target is skipped; 0 for no limit. */
    private int maxConcurrency;
    private ResilienceProperties.Timeouts timeouts = new ResilienceProperties.Timeouts();
    private Map<String, String> headers = new LinkedHashMap<>();
    /** Top-level request fields removed for this target. */
    private List<String> dropParams = new ArrayList<>();

    public @Nullable String getProvider() {
      return provider;
    }

    public TargetConfig setProvider(@Nullable String provider) {
      this.provider = provider;
      return this;
    }

    public @Nullable String getModel() {
      return model;
    }

    public TargetConfig setModel(@Nullable String model) {
      this.model = model;
      return this;
    }

    public double getWeight() {
      return weight;
    }

    public TargetConfig setWeight(double weight) {
      this.weight = weight;
      return this;
    }

    public int getMaxConcurrency() {
      return maxConcurrency;
    }

    public void setMaxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
    }

    public ResilienceProperties.Timeouts getTimeouts() {
      return timeouts;
    }

    public void setTimeouts(ResilienceProperties.Timeouts timeouts) {
      this.timeouts = timeouts;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }

    public List<String> getDropParams() {
      return dropParams;
    }

    public void setDropParams(List<String> dropParams) {
      this.dropParams = dropParams;
    }
  }

  /** Hedging of {@code AiFailover}: off unless {@code enabled}. */
  public static class HedgeConfig {
    private boolean enabled;
    /** A duration, or {@code p95} (the default): the first target's observed p95 time to first token. */
    private @Nullable String delay;
    /** Floor of an adaptive delay. */
    private Duration minDelay = Duration.ofMillis(50);
    /** Hedges allowed per request of the route (0.1: at most one in ten requests sends a second copy). */
    private double maxExtraRatio = 0.1;
    /** US dollars of estimated extra prompt cost per hour that hedges may spend; unset for no cap. */
    private @Nullable Double maxExtraCostPerHour;

    public @Nullable Double getMaxExtraCostPerHour() {
      return maxExtraCostPerHour;
    }

    public void setMaxExtraCostPerHour(@Nullable Double maxExtraCostPerHour) {
      this.maxExtraCostPerHour = maxExtraCostPerHour;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable String getDelay() {
      return delay;
    }

    public void setDelay(@Nullable String delay) {
      this.delay = delay;
    }

    public Duration getMinDelay() {
      return minDelay;
    }

    public void setMinDelay(Duration minDelay) {
      this.minDelay = minDelay;
    }

    public double getMaxExtraRatio() {
      return maxExtraRatio;
    }

    public void setMaxExtraRatio(double maxExtraRatio) {
      this.maxExtraRatio = maxExtraRatio;
    }
  }
}
