package io.switchboard.ai.cache;

import io.switchboard.ai.provider.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

/**
 * Checks every route's {@code AiSemanticCache} arguments at startup (like {@code AiFailover}'s), so a typo stops the
 * application with a message naming the route and argument instead of failing requests later.
 */
final class AiCacheRouteValidator implements SmartInitializingSingleton {

  private static final java.util.Set<String> KNOWN = java.util.Set.of("semantic", "threshold", "maxtemperature",
      "verifyentities", "ttl", "streaming", "maxsize", "operations", "namespace", "tenant");

  private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

  private final ObjectProvider<GatewayProperties> gateway;
  private final ObjectProvider<AiSemanticCacheGatewayFilterFactory> factory;

  AiCacheRouteValidator(ObjectProvider<GatewayProperties> gateway,
      ObjectProvider<AiSemanticCacheGatewayFilterFactory> factory) {
    this.gateway = gateway;
    this.factory = factory;
  }

  @Override
  public void afterSingletonsInstantiated() {
    GatewayProperties properties = gateway.getIfAvailable();
    AiSemanticCacheGatewayFilterFactory cache = factory.getIfAvailable();
    if (properties == null || cache == null) {
      return;
    }
    List<String> problems = new ArrayList<>();
    List<FilterDefinition> defaults = properties.getDefaultFilters();
    for (FilterDefinition filter : defaults) {
      check(cache, filter, "spring.cloud.gateway.server.webflux.default-filters", problems);
    }
    List<RouteDefinition> routes = properties.getRoutes();
    for (int i = 0; i < routes.size(); i++) {
      for (FilterDefinition filter : routes.get(i).getFilters()) {
        check(cache, filter, ROUTES + "[" + i + "] (id " + routes.get(i).getId() + ")", problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException("ai.cache", problems);
    }
  }

  private static void check(AiSemanticCacheGatewayFilterFactory cache, FilterDefinition filter, String where,
      List<String> problems) {
    if (!filter.getName().equals(cache.name())) {
      return;
    }
    String problem;
    try {
      problem = cache.validate(bind(filter.getArgs()));
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      problem = "arguments " + filter.getArgs().keySet() + " could not be read: " + cause.getMessage();
    }
    if (problem != null) {
      problems.add(where + ": AiSemanticCache " + problem);
    }
  }

  static AiSemanticCacheGatewayFilterFactory.Config bind(Map<String, String> args) {
    Map<String, String> prefixed = new HashMap<>();
    args.forEach((key, value) -> {
      if (!key.startsWith("_genkey_")) {
        prefixed.put("c." + key, value);
      }
    });
    for (String key : args.keySet()) {
      if (key.startsWith("_genkey_")) {
        throw new IllegalArgumentException("AiSemanticCache takes named arguments (args: {semantic: true, …})");
      }
      String name = key.split("[.\\[]")[0].replace("-", "").toLowerCase(java.util.Locale.ROOT);
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown argument '" + key + "' (known: semantic, threshold, "
            + "max-temperature, verify-entities, ttl, streaming, max-size, operations, namespace, tenant)");
      }
    }
    return new Binder(new MapConfigurationPropertySource(prefixed))
        .bindOrCreate("c", Bindable.of(AiSemanticCacheGatewayFilterFactory.Config.class));
  }
}
