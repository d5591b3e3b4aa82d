package io.switchboard.ai.web;

import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.routing.AiRoutingFilter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.util.PatternMatchUtils;

/**
 * Reads what AI routes serve from their definitions: the provider each names ({@code AiProvider} or
 * {@code ai://}) and the model globs of its {@code AiModel} predicate. Definitions, not compiled routes, because a
 * compiled predicate cannot be asked what it matches.
 */
public final class AiRouteCatalog {

  /** One AI route as declared. */
  public record AiRouteInfo(String routeId, String providerId, @Nullable String upstreamModel, List<String> globs) {
  }

  /**
   * One model served, for {@code GET /v1/models}.
   *
   * @param ownedBy the provider id
   * @param providerType the provider's type id, for catalog lookups
   * @param upstreamModel the model the provider is asked for
   */
  public record ServedModel(String id, String ownedBy, String providerType, String upstreamModel) {

    static ServedModel of(String id, Provider provider, @Nullable String routeModel) {
      String prefix = provider.id() + "/";
      String upstream = routeModel != null ? routeModel : id.startsWith(prefix) ? id.substring(prefix.length()) : id;
      return new ServedModel(id, provider.id(), provider.type().id(), upstream);
    }
  }

  private AiRouteCatalog() {
  }

  /** The AI route of a definition, or {@code null} when the route is not an AI route. */
  public static @Nullable AiRouteInfo describe(RouteDefinition route) {
    String provider = null;
    String upstreamModel = null;
    for (FilterDefinition filter : route.getFilters()) {
      if (filter.getName().equals("AiProvider")) {
        provider = arg(filter.getArgs(), "provider", 0);
        upstreamModel = arg(filter.getArgs(), "model", 1);
      }
      if (filter.getName().equals("AiFailover")) {
        // Listed under its first target: its models are the route's, its prices the first target's.
        // Spring Boot flattens nested YAML arguments as targets.0.provider; properties may write targets[0].provider.
        provider = firstTarget(filter.getArgs(), "provider");
        upstreamModel = firstTarget(filter.getArgs(), "model");
      }
    }
    URI uri = route.getUri();
    if (provider == null && uri != null && AiRoutingFilter.SCHEME.equals(uri.getScheme())) {
      provider = uri.getRawAuthority();
    }
    if (provider == null) {
      return null;
    }
    List<String> globs = new ArrayList<>();
    for (PredicateDefinition predicate : route.getPredicates()) {
      if (predicate.getName().equals("AiModel")) {
        predicate.getArgs().values().forEach(v -> {
          for (String part : v.split(",")) {
            if (!part.isBlank()) {
              globs.add(part.trim());
            }
          }
        });
      }
    }
    return new AiRouteInfo(route.getId(), provider.trim(), upstreamModel, List.copyOf(globs));
  }

  /** The models served by these routes, first route first, each listed once. */
  public static List<ServedModel> servedModels(List<RouteDefinition> routes, ProviderRegistry providers) {
    Map<String, ServedModel> models = new LinkedHashMap<>();
    for (RouteDefinition route : routes) {
      AiRouteInfo info = describe(route);
      Provider provider = info == null ? null : providers.find(info.providerId());
      if (provider == null || !provider.enabled()) {
        continue;
      }
      if (info.globs().isEmpty()) {
        provider.models().forEach(m -> models.putIfAbsent(m, ServedModel.of(m, provider, info.upstreamModel())));
      }
      for (String glob : info.globs()) {
        if (glob.indexOf('*') < 0) {
          models.putIfAbsent(glob, ServedModel.of(glob, provider, info.upstreamModel()));
          continue;
        }
        for (String declared : provider.models()) {
          // A glob written with a provider prefix lists prefixed ids; a bare glob lists bare ids.
          String candidate = glob.indexOf('/') >= 0 ? provider.id() + "/" + declared : declared;
          if (PatternMatchUtils.simpleMatch(glob, candidate)) {
            models.putIfAbsent(candidate, ServedModel.of(candidate, provider, info.upstreamModel()));
          }
        }
      }
    }
    return List.copyOf(models.values());
  }

  private static @Nullable String firstTarget(Map<String, String> args, String field) {
    String value = args.get("targets.0." + field);
    if (value == null) {
      value = args.get("targets[0]." + field);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static @Nullable String arg(Map<String, String> args, String name, int position) {
    String value = args.get(name);
    if (value == null) {
      value = args.get("_genkey_" + position);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }
}
