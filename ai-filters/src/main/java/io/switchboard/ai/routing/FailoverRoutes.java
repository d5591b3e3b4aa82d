package io.switchboard.ai.routing;

import io.switchboard.ai.catalog.CatalogEntry;
import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.failover.Backoff;
import io.switchboard.ai.failover.ErrorClass;
import io.switchboard.ai.failover.FailoverPolicy;
import io.switchboard.ai.failover.FailureAction;
import io.switchboard.ai.failover.ResilienceProperties;
import io.switchboard.ai.failover.RetryBudget;
import io.switchboard.ai.failover.Strategy;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.web.AiRouteCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.util.PatternMatchUtils;
import reactor.core.publisher.Mono;

/**
 * Builds {@link FailoverRoute}s from {@code ai.resilience} defaults and a route's overrides, keeps them by route id
 * (for the health endpoint and for other routes' {@code fallback-models}), and gives single-provider routes their
 * one-target route.
 */
public final class FailoverRoutes {

  /**
   * One target as configured.
   *
   * @param model null for the client's model
   */
  public record TargetSpec(Provider provider, @Nullable String model, double weight, int maxConcurrency,
      ResilienceProperties.Timeouts timeouts, Map<String, String> headers, List<String> dropParams) {
  }

  /** A route's overrides of the defaults; null fields inherit. */
  public record RouteSpec(Strategy strategy, @Nullable Integer maxAttempts, ResilienceProperties.Timeouts timeouts,
      @Nullable Duration keepAlive, ResilienceProperties.@Nullable BackoffProperties backoff,
      @Nullable Duration maxRetryAfter, ResilienceProperties.@Nullable RetryBudgetProperties retryBudget,
      Map<String, String> onError, FailoverPolicy.@Nullable Hedge hedge, List<String> fallbackModels) {
  }

  private static final Duration DEFAULT_FIRST_TOKEN = Duration.ofSeconds(120);
  private static final Duration DEFAULT_TOTAL = Duration.ofMinutes(10);

  private final ResilienceProperties defaults;
  private final TargetRegistry registry;
  private final ModelCatalog catalog;
  private final @Nullable RouteDefinitionLocator definitions;
  private final ProviderRegistry providers;
  private final Map<String, FailoverRoute> byRouteId = new ConcurrentHashMap<>();
  private final Map<AiTarget, FailoverRoute> singles = new ConcurrentHashMap<>();

  public FailoverRoutes(ResilienceProperties defaults, TargetRegistry registry, ModelCatalog catalog,
      ProviderRegistry providers, @Nullable RouteDefinitionLocator definitions) {
    this.providers = providers;
    this.defaults = defaults;
    this.registry = registry;
    this.catalog = catalog;
    this.definitions = definitions;
    // Fail at startup, not on the first request, when the defaults are invalid.
    policy(new RouteSpec(Strategy.PRIORITY, null, new ResilienceProperties.Timeouts(), null, null, null, null,
        Map.of(), null, List.of()), defaults.getMaxAttempts());
  }

  public TargetRegistry registry() {
    return registry;
  }

  /**
   * Builds an {@code AiFailover} route, registered under its route id when {@code register} (not for validation).
   *
   * @throws IllegalArgumentException naming the invalid setting
   */
  public FailoverRoute build(String routeId, boolean register, List<TargetSpec> targets, RouteSpec spec) {
    List<FailoverRoute.Target> built = new ArrayList<>();
    for (TargetSpec t : targets) {
      built.add(target(inherit(t, spec.timeouts())));
    }
    FailoverPolicy policy = policy(spec, spec.maxAttempts() != null ? spec.maxAttempts() : defaults.getMaxAttempts());
    ResilienceProperties.RetryBudgetProperties budget = spec.retryBudget() != null ? spec.retryBudget()
        : defaults.getRetryBudget();
    FailoverRoute route = new FailoverRoute(routeId, built, policy,
        defaults.getCircuit().getMaxEjectionPercent(),
        new RetryBudget(budget.getRatio(), budget.getMinPerSecond(), budget.getWindow()), spec.fallbackModels(),
        this::fallbackTargets);
    if (register) {
      byRouteId.put(routeId, route);
    }
    return route;
  }

  /** A target's timeouts, each falling back to the route's, then to {@code ai.resilience.timeouts}. */
  private TargetSpec inherit(TargetSpec t, ResilienceProperties.Timeouts route) {
    ResilienceProperties.Timeouts own = t.timeouts();
    ResilienceProperties.Timeouts global = defaults.getTimeouts();
    ResilienceProperties.Timeouts merged = new ResilienceProperties.Timeouts();
    merged.setConnect(firstNonNull(own.getConnect(), route.getConnect(), global.getConnect()));
    merged.setIdle(firstNonNull(own.getIdle(), route.getIdle(), global.getIdle()));
    merged.setFirstToken(own.getFirstToken());
    merged.setTotal(own.getTotal()); // the route's total bounds the whole request anyway
    return new TargetSpec(t.provider(), t.model(), t.weight(), t.maxConcurrency(), merged, t.headers(),
        t.dropParams());
  }

  private static @Nullable Duration firstNonNull(@Nullable Duration a, @Nullable Duration b, @Nullable Duration c) {
    return a != null ? a : b != null ? b : c;
  }

  /** The one-target route of an {@code AiProvider} or {@code ai://} route: the defaults, no hedging. */
  FailoverRoute single(AiTarget target) {
    return singles.computeIfAbsent(target, t -> {
      ResilienceProperties.Timeouts global = defaults.getTimeouts();
      TargetOptions options = t.options().connectTimeout() != null || t.options().idleTimeout() != null
          || (global.getConnect() == null && global.getIdle() == null) ? t.options()
          : new TargetOptions(global.getConnect(), global.getIdle(), t.options().headers(), t.options().dropParams());
      FailoverRoute.Target only = target(new TargetSpec(t.provider(), t.model(), 1, 0,
          new ResilienceProperties.Timeouts(), Map.of(), List.of()), options);
      FailoverPolicy policy = policy(new RouteSpec(Strategy.PRIORITY, null, new ResilienceProperties.Timeouts(),
          null, null, null, null, Map.of(), null, List.of()), defaults.getSingleTargetAttempts());
      ResilienceProperties.RetryBudgetProperties budget = defaults.getRetryBudget();
      // A single target is never ejected: with nowhere else to go, calling it beats failing fast.
      return new FailoverRoute("ai:" + t.provider().id(), List.of(only), policy, 0,
          new RetryBudget(budget.getRatio(), budget.getMinPerSecond(), budget.getWindow()), List.of(),
          this::fallbackTargets);
    });
  }

  public Collection<FailoverRoute> routes() {
    return byRouteId.values();
  }

  private FailoverRoute.Target target(TargetSpec spec) {
    ResilienceProperties.Timeouts timeouts = spec.timeouts();
    TargetOptions options = new TargetOptions(timeouts.getConnect(), timeouts.getIdle(), spec.headers(),
        java.util.Set.copyOf(spec.dropParams()));
    return target(spec, options);
  }

  private FailoverRoute.Target target(TargetSpec spec, TargetOptions options) {
    if (spec.weight() <= 0 || Double.isNaN(spec.weight())) {
      throw new IllegalArgumentException("weight of target '" + spec.provider().id() + "' must be > 0");
    }
    for (Duration d : new Duration[] {spec.timeouts().getConnect(), spec.timeouts().getIdle(),
        spec.timeouts().getFirstToken(), spec.timeouts().getTotal()}) {
      if (d != null && (d.isNegative() || d.isZero())) {
        throw new IllegalArgumentException("timeouts of target '" + spec.provider().id() + "' must be positive, got "
            + d);
      }
    }
    String model = spec.model() == null ? "*" : spec.model();
    Optional<CatalogEntry> entry = spec.model() == null ? Optional.empty()
        : catalog.find(spec.provider().type().id(), spec.model()).or(() -> catalog.findByModel(spec.model()));
    Double price = entry.map(e -> e.inputPerMtok().add(e.outputPerMtok()).doubleValue()).orElse(null);
    Double input = entry.map(e -> e.inputPerMtok().doubleValue()).orElse(null);
    long window = entry.map(CatalogEntry::contextWindow).orElse(0L);
    return new FailoverRoute.Target(new AiTarget(spec.provider(), spec.model(), options), spec.weight(),
        spec.maxConcurrency(), spec.timeouts().getFirstToken(), spec.timeouts().getTotal(), registry.state(spec.provider().id(), model), price,
        input, window);
  }

  private FailoverPolicy policy(RouteSpec spec, int maxAttempts) {
    Map<ErrorClass, FailureAction> actions = new EnumMap<>(ErrorClass.class);
    parseActions(defaults.getOnError(), actions, "ai.resilience.on-error");
    parseActions(spec.onError(), actions, "on-error");
    ResilienceProperties.BackoffProperties backoff = spec.backoff() != null ? spec.backoff() : defaults.getBackoff();
    ResilienceProperties.Timeouts t = spec.timeouts();
    ResilienceProperties.Timeouts d = defaults.getTimeouts();
    Duration firstToken = first(t.getFirstToken(), d.getFirstToken(), DEFAULT_FIRST_TOKEN);
    Duration total = first(t.getTotal(), d.getTotal(), DEFAULT_TOTAL);
    Duration keepAlive = spec.keepAlive() != null ? spec.keepAlive() : defaults.getKeepAlive();
    Duration maxRetryAfter = spec.maxRetryAfter() != null ? spec.maxRetryAfter() : defaults.getMaxRetryAfter();
    if (firstToken.isNegative() || firstToken.isZero() || total.isNegative() || total.isZero()
        || keepAlive.isNegative() || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("timeouts must be positive (first-token " + firstToken + ", total "
          + total + ", keep-alive " + keepAlive + ", max-retry-after " + maxRetryAfter + ")");
    }
    return new FailoverPolicy(spec.strategy(), maxAttempts, new Backoff(backoff.getBase(), backoff.getMax()), total,
        firstToken, keepAlive, maxRetryAfter, actions, defaults.getLeastLatencyExplore(), spec.hedge());
  }

  private static void parseActions(Map<String, String> on, Map<ErrorClass, FailureAction> into, String where) {
    on.forEach((kind, action) -> {
      ErrorClass error = null;
      for (ErrorClass c : ErrorClass.values()) {
        if (c.id().equals(kind.trim().toLowerCase(Locale.ROOT))) {
          error = c;
        }
      }
      if (error == null) {
        throw new IllegalArgumentException(where + "." + kind + ": unknown error class (expected one of "
            + java.util.Arrays.stream(ErrorClass.values()).map(ErrorClass::id).toList() + ")");
      }
      try {
        into.put(error, FailureAction.parse(action));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + "." + kind + ": " + action + " (expected: retry, failover,"
            + " eject, failover-larger-context, return)");
      }
    });
  }

  private static Duration first(@Nullable Duration a, @Nullable Duration b, Duration fallback) {
    return a != null ? a : b != null ? b : fallback;
  }

  /**
   * The targets of the first AI route (in definition order) whose {@code AiModel} globs match {@code model}: an
   * {@code AiFailover} route's targets, or an {@code AiProvider}/{@code ai://} route's provider.
   */
  Mono<List<FailoverRoute.Target>> fallbackTargets(String model) {
    if (definitions == null) {
      return Mono.just(List.of());
    }
    return definitions.getRouteDefinitions()
        .filter(route -> matches(route, model))
        .next()
        .map(route -> {
          FailoverRoute failover = byRouteId.get(route.getId());
          if (failover != null && hasFilter(route, "AiFailover")) {
            return failover.targets();
          }
          AiRouteCatalog.AiRouteInfo info = AiRouteCatalog.describe(route);
          FailoverRoute.Target only = info == null ? null : singleTarget(info, model);
          return only == null ? List.<FailoverRoute.Target>of() : List.of(only);
        })
        .defaultIfEmpty(List.of());
  }

  private FailoverRoute.@Nullable Target singleTarget(AiRouteCatalog.AiRouteInfo info, String model) {
    Provider provider = providers.find(info.providerId());
    if (provider == null || !provider.enabled()) {
      return null;
    }
    String upstream = info.upstreamModel() != null ? info.upstreamModel()
        : new AiTarget(provider, null).upstreamModel(model);
    return single(new AiTarget(provider, upstream)).targets().get(0);
  }

  private static boolean hasFilter(RouteDefinition route, String name) {
    for (FilterDefinition f : route.getFilters()) {
      if (f.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(RouteDefinition route, String model) {
    AiRouteCatalog.AiRouteInfo info = AiRouteCatalog.describe(route);
    return info != null && info.globs().stream().anyMatch(glob -> PatternMatchUtils.simpleMatch(glob, model));
  }

}
