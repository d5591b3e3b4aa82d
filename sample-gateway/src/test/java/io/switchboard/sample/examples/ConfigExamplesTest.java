package io.switchboard.sample.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.web.AiRouteCatalog;
import io.switchboard.sample.SampleGatewayApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the sample gateway on every file in {@code config-examples/} (and on the sample's own default
 * configuration) and builds every route, so no example can rot: a renamed property, filter or argument fails
 * here. Key variables get placeholder values; nothing is sent anywhere.
 */
final class ConfigExamplesTest {

  static Stream<Path> examples() throws IOException {
    Path dir = Path.of("..", "config-examples");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted().toList();
      assertThat(yaml).as("config examples in %s", dir.toAbsolutePath()).isNotEmpty();
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleStartsAndEveryRouteBuilds(Path example) {
    try (ConfigurableApplicationContext context = start("--spring.config.location=file:" + example.toAbsolutePath())) {
      assertRoutesBuild(context);
    }
  }

  @org.junit.jupiter.api.Test
  void sampleDefaultConfigurationStartsOffline() throws Exception {
    // Port 1: no Redis there, whatever runs on this machine.
    try (ConfigurableApplicationContext context = start("--spring.data.redis.port=1")) {
      assertRoutesBuild(context);
      assertThat(context.getBean(ProviderRegistry.class).find("demo").enabled()).isTrue();
      // Without Redis, the gateway is still healthy (the Redis client is on the classpath).
      String port = context.getEnvironment().getProperty("local.server.port");
      java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health"))
              .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).contains("\"UP\"");
    }
  }

  private static ConfigurableApplicationContext start(String... extra) {
    String[] base = {
        "--server.port=0",
        "--OPENAI_API_KEY=sk-example", "--ANTHROPIC_API_KEY=sk-ant-example", "--GEMINI_API_KEY=example",
        "--SWITCHBOARD_API_KEY=sk-switchboard-example",
        "--logging.level.root=warn"
    };
    String[] args = Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
    return SpringApplication.run(SampleGatewayApplication.class, args);
  }

  private static void assertRoutesBuild(ConfigurableApplicationContext context) {
    List<RouteDefinition> definitions = context.getBean(RouteDefinitionLocator.class).getRouteDefinitions()
        .collectList().block();
    List<Route> routes = context.getBean(RouteLocator.class).getRoutes().collectList().block();
    assertThat(definitions).isNotEmpty();
    assertThat(routes).extracting(Route::getId)
        .containsExactlyInAnyOrderElementsOf(definitions.stream().map(RouteDefinition::getId).toList());
    assertThat(definitions.stream().map(AiRouteCatalog::describe).filter(java.util.Objects::nonNull))
        .as("every example declares at least one AI route").isNotEmpty();
  }
}
