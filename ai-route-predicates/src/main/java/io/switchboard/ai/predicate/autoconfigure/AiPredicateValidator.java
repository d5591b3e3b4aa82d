package io.switchboard.ai.predicate.autoconfigure;

import io.switchboard.ai.provider.InvalidConfigurationException;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.cloud.gateway.support.NameUtils;
import org.springframework.cloud.gateway.support.ShortcutConfigurable.ShortcutType;
import org.springframework.core.env.Environment;

/**
 * Checks the arguments of every Switchboard predicate in the configured routes at startup, so a mistake stops the
 * application with the route and the problem named. Spring Cloud Gateway itself builds routes later, on a refresh
 * event, and only logs a predicate that fails to build; the route is then missing and requests fall through.
 *
 * <p>Each predicate is bound exactly as the gateway binds it ({@link ConfigurationService}) and built once, so the
 * factories' own checks apply. On top, two mistakes the binding cannot see: argument names a factory does not know
 * (a typo in the full form is otherwise ignored) and shortcut arguments that the gateway's parser drops or splits
 * (an empty argument shifts the later ones: {@code AiPromptTokens=,32000} would read as a minimum; a comma inside a
 * regular expression makes an extra argument).
 */
final class AiPredicateValidator implements SmartInitializingSingleton {

  private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

  private final GatewayProperties gateway;
  private final ConfigurationService configuration;
  private final Environment environment;
  private final Map<String, RoutePredicateFactory<?>> factories = new HashMap<>();

  AiPredicateValidator(GatewayProperties gateway, ConfigurationService configuration, Environment environment,
      List<RoutePredicateFactory<?>> factories) {
    this.gateway = gateway;
    this.configuration = configuration;
    this.environment = environment;
    factories.forEach(f -> this.factories.put(f.name(), f));
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<String> problems = new ArrayList<>();
    List<RouteDefinition> routes = gateway.getRoutes();
    for (int i = 0; i < routes.size(); i++) {
      List<PredicateDefinition> predicates = routes.get(i).getPredicates();
      for (int j = 0; j < predicates.size(); j++) {
        PredicateDefinition predicate = predicates.get(j);
        RoutePredicateFactory<?> factory = factories.get(predicate.getName());
        if (factory == null) {
          continue;
        }
        String property = ROUTES + "[" + i + "].predicates[" + j + "]";
        String problem = check(factory, predicate, environment.getProperty(property));
        if (problem != null) {
          problems.add(property + " (route " + routes.get(i).getId() + "): " + problem);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException("Invalid Switchboard route predicates", problems);
    }
  }

  /** The problem with one predicate, or {@code null}; {@code shortcut} is its text when written as one string. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private @Nullable String check(RoutePredicateFactory<?> factory, PredicateDefinition predicate,
      @Nullable String shortcut) {
    String name = predicate.getName();
    String shortcutProblem = shortcut == null ? null : shortcutProblem(factory, shortcut);
    if (shortcutProblem != null) {
      return name + ": " + shortcutProblem;
    }
    Set<String> known = argumentNames(factory.getConfigClass());
    for (String key : predicate.getArgs().keySet()) {
      String argument = key.replaceAll("[\\[.].*$", "");
      if (!key.startsWith(NameUtils.GENERATED_NAME_PREFIX)
          && known.stream().noneMatch(k -> normalized(k).equals(normalized(argument)))) {
        return name + ": unknown argument '" + key + "' (expected one of: " + String.join(", ", known) + ")";
      }
    }
    try {
      Object config = configuration.with((RoutePredicateFactory) factory).name(name)
          .properties(predicate.getArgs()).bind();
      ((RoutePredicateFactory<Object>) factory).applyAsync(config);
      return null;
    } catch (BindException e) {
      String argument = e.getProperty() == null ? e.getName().toString() : e.getProperty().getName().toString();
      Object value = e.getProperty() == null ? "" : e.getProperty().getValue();
      return name + ": " + argument + " '" + value + "' (expected a value of type "
          + e.getTarget().getType().resolve(Object.class).getSimpleName() + ")";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Shortcut arguments the parser would drop (empty ones before others) or that exceed the factory's fields. */
  private static @Nullable String shortcutProblem(RoutePredicateFactory<?> factory, String shortcut) {
    int equals = shortcut.indexOf('=');
    if (equals < 0 || factory.shortcutType() != ShortcutType.DEFAULT) {
      return null; // not a shortcut; list-gathering predicates ignore empty items anyway
    }
    String[] arguments = shortcut.substring(equals + 1).split(",", -1);
    List<String> fields = factory.shortcutFieldOrder();
    boolean empty = false;
    int given = 0;
    for (String argument : arguments) {
      if (argument.isBlank()) {
        empty = true;
      } else if (empty) {
        return "'" + shortcut + "' has an empty argument before '" + argument.trim() + "', which the shortcut "
            + "parser drops, shifting the later ones (expected " + String.join(",", fields) + " in order; give "
            + "every earlier one, or use the full form with named args)";
      } else {
        given++;
      }
    }
    if (given > fields.size()) {
      return "'" + shortcut + "' has " + given + " arguments (expected at most " + fields.size() + ": "
          + String.join(",", fields) + "; a value containing ',' needs the full form with named args)";
    }
    return null;
  }

  private static Set<String> argumentNames(Class<?> configClass) {
    Set<String> names = new TreeSet<>();
    for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(configClass)) {
      // Read methods: the configs' setters are fluent (return the config), which java.beans does not see.
      if (property.getReadMethod() != null && !property.getName().equals("class")) {
        names.add(property.getName());
      }
    }
    return names;
  }

  /** An argument name as the binder compares it: case, {@code -} and {@code _} do not matter. */
  private static String normalized(String argument) {
    return argument.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }
}
