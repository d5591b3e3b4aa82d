package io.switchboard.ai.autoconfigure;

import io.switchboard.ai.auth.ClientKeys;
import io.switchboard.ai.governance.budget.AiBudgetGatewayFilterFactory;
import io.switchboard.ai.provider.InvalidConfigurationException;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.web.AiRouteCatalog;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

/**
 * Checks the configured routes against the AI settings at startup, so a typo stops the application with a message
 * naming the property instead of failing requests later: every provider a route names must be declared,
 * {@code AiFailover} arguments must make a valid route, {@code AiBudget} arguments must bind (known periods and
 * subjects, positive amounts), and {@code AiAuth} needs keys.
 */
final class AiRouteValidator implements SmartInitializingSingleton {

  private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

  private final GatewayProperties gateway;
  private final ProviderRegistry providers;
  private final ClientKeys keys;
  private final io.switchboard.ai.filter.AiFailoverGatewayFilterFactory failover;
  private final boolean virtualKeys;

  AiRouteValidator(GatewayProperties gateway, ProviderRegistry providers, ClientKeys keys,
      io.switchboard.ai.filter.AiFailoverGatewayFilterFactory failover, boolean virtualKeys) {
    this.virtualKeys = virtualKeys;
    this.gateway = gateway;
    this.providers = providers;
    this.keys = keys;
    this.failover = failover;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<String> problems = new ArrayList<>();
    boolean authUsed = gateway.getDefaultFilters().stream().anyMatch(f -> f.getName().equals("AiAuth"));
    List<FilterDefinition> defaults = gateway.getDefaultFilters();
    for (int i = 0; i < defaults.size(); i++) {
      String problem = budgetProblem(defaults.get(i));
      if (problem != null) {
        problems.add("spring.cloud.gateway.server.webflux.default-filters[" + i + "]: " + problem);
      }
    }
    List<RouteDefinition> routes = gateway.getRoutes();
    for (int i = 0; i < routes.size(); i++) {
      RouteDefinition route = routes.get(i);
      AiRouteCatalog.AiRouteInfo info = AiRouteCatalog.describe(route);
      if (info != null && providers.find(info.providerId()) == null) {
        problems.add(ROUTES + "[" + i + "] (id " + route.getId() + "): provider '" + info.providerId()
            + "' (expected one declared under ai.providers: " + providers.ids() + ")");
      }
      for (FilterDefinition filter : route.getFilters()) {
        authUsed |= filter.getName().equals("AiAuth");
        if (filter.getName().equals("AiFailover")) {
          String problem = failover.validate(route.getId(), filter.getArgs());
          if (problem != null) {
            problems.add(ROUTES + "[" + i + "] (id " + route.getId() + "): " + problem);
          }
        }
        String budget = budgetProblem(filter);
        if (budget != null) {
          problems.add(ROUTES + "[" + i + "] (id " + route.getId() + "): " + budget);
        }
      }
    }
    if (authUsed && keys.isEmpty() && !virtualKeys) {
      problems.add("ai.auth.api-keys: empty (expected: at least one client key, or virtual keys under "
          + "ai.governance, since a route uses AiAuth)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException("Invalid Switchboard route configuration", problems);
    }
  }

  /** What is wrong with an {@code AiBudget} filter's arguments, or {@code null} (also for other filters). */
  private static @org.jspecify.annotations.Nullable String budgetProblem(FilterDefinition filter) {
    return filter.getName().equals("AiBudget") ? AiBudgetGatewayFilterFactory.validate(filter.getArgs()) : null;
  }
}
