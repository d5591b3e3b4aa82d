package io.switchboard.ai.predicate.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.predicate.AiCapabilityRoutePredicateFactory;
import io.switchboard.ai.predicate.AiDialectRoutePredicateFactory;
import io.switchboard.ai.predicate.AiMetadataRoutePredicateFactory;
import io.switchboard.ai.predicate.AiModelRoutePredicateFactory;
import io.switchboard.ai.predicate.AiPromptTokensRoutePredicateFactory;
import io.switchboard.ai.provider.InvalidConfigurationException;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.JsonBodyScanner;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.mock.env.MockEnvironment;

final class AiPredicateValidatorTest {

  private static final AiRequestReader READER = new AiRequestReader(1024, new JsonBodyScanner(8));

  private final MockEnvironment environment = new MockEnvironment();

  /** Validates one route whose predicates are given in shortcut text ("Name=args") or as definitions. */
  private void validate(Object... predicates) {
    RouteDefinition route = new RouteDefinition();
    route.setId("r");
    route.setUri(URI.create("ai://demo"));
    for (int j = 0; j < predicates.length; j++) {
      if (predicates[j] instanceof String text) {
        route.getPredicates().add(new PredicateDefinition(text));
        environment.setProperty("spring.cloud.gateway.server.webflux.routes[0].predicates[" + j + "]", text);
      } else {
        route.getPredicates().add((PredicateDefinition) predicates[j]);
      }
    }
    GatewayProperties gateway = new GatewayProperties();
    gateway.setRoutes(List.of(route));
    new AiPredicateValidator(gateway, new ConfigurationService(new DefaultListableBeanFactory(), () -> null,
        () -> null), environment, List.of(new AiModelRoutePredicateFactory(READER),
        new AiPromptTokensRoutePredicateFactory(READER), new AiCapabilityRoutePredicateFactory(READER),
        new AiDialectRoutePredicateFactory(), new AiMetadataRoutePredicateFactory(READER)))
        .afterSingletonsInstantiated();
  }

  private static PredicateDefinition full(String name, Map<String, String> args) {
    PredicateDefinition definition = new PredicateDefinition();
    definition.setName(name);
    definition.setArgs(new java.util.LinkedHashMap<>(args));
    return definition;
  }

  private static String problem(Runnable validation) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(validation::run);
    assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
    return thrown.getMessage();
  }

  @Test
  void goodShortcutsAndFullFormsPass() {
    validate("Path=/v1/**", "AiModel=gpt-*", "AiPromptTokens=100000,", "AiPromptTokens=0,32000",
        "AiCapability=tools,images,any", "AiDialect=anthropic,gemini", "AiMetadata=tier,gold|platinum",
        "AiMetadata=header:x-tenant", "Header=x,y,z");
    validate(full("AiPromptTokens", Map.of("max", "32000")), full("AiPromptTokens", Map.of("min", "5", "max", "9")),
        full("AiCapability", Map.of("capabilities", "tools,images", "match", "any")),
        full("AiCapability", Map.of("capabilities[0]", "tools", "capabilities[1]", "reasoning")),
        full("AiDialect", Map.of("dialects", "responses")), full("AiMetadata", Map.of("key", "t", "regexp", "a{1,3}")));
  }

  @Test
  void factoryChecksAreReportedWithTheRoute() {
    assertThat(problem(() -> validate("Path=/v1/**", "AiPromptTokens=100000,32000")))
        .contains("spring.cloud.gateway.server.webflux.routes[0].predicates[1] (route r): AiPromptTokens: "
            + "min 100000, max 32000 (expected 0 <= min < max");
    assertThat(problem(() -> validate("AiCapability=tools,vision"))).contains("AiCapability: 'vision'");
    assertThat(problem(() -> validate("AiDialect=openai"))).contains("AiDialect: 'openai' (expected one of");
    assertThat(problem(() -> validate("AiMetadata=tier,gold(")))
        .contains("AiMetadata: regexp 'gold(' (expected a Java regular expression");
    assertThat(problem(() -> validate(full("AiModel", Map.of())))).contains("AiModel: no model pattern given");
  }

  @Test
  void valuesOfTheWrongTypeAreNamed() {
    assertThat(problem(() -> validate("AiPromptTokens=100k")))
        .contains("AiPromptTokens: min '100k' (expected a value of type Long)");
    assertThat(problem(() -> validate(full("AiPromptTokens", Map.of("max", "lots")))))
        .contains("AiPromptTokens: max 'lots'");
  }

  @Test
  void shortcutArgumentsTheParserWouldDropOrSplit() {
    assertThat(problem(() -> validate("AiPromptTokens=,32000")))
        .contains("AiPromptTokens: 'AiPromptTokens=,32000' has an empty argument before '32000'")
        .contains("expected min,max in order");
    assertThat(problem(() -> validate("AiMetadata=, gold"))).contains("empty argument before 'gold'");
    assertThat(problem(() -> validate("AiMetadata=tier,a{1,3}")))
        .contains("has 3 arguments (expected at most 2: key,regexp; a value containing ',' needs the full form");
  }

  @Test
  void unknownArgumentNamesInTheFullForm() {
    assertThat(problem(() -> validate(full("AiPromptTokens", Map.of("min", "5", "maxTokens", "9")))))
        .contains("AiPromptTokens: unknown argument 'maxTokens' (expected one of: max, min)");
    assertThat(problem(() -> validate(full("AiMetadata", Map.of("key", "t", "regex", "x")))))
        .contains("unknown argument 'regex' (expected one of: key, regexp)");
  }

  @Test
  void everyProblemOfEveryRouteAtOnce() {
    assertThat(problem(() -> validate("AiDialect=x", "AiCapability=y")))
        .contains("predicates[0]").contains("predicates[1]");
  }

  @Test
  void otherPredicatesAreLeftToTheGateway() {
    validate("Weight=group,notanumber", "Path=");
  }
}
