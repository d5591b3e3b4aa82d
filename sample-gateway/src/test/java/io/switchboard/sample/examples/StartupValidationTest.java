package io.switchboard.sample.examples;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.sample.SampleGatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

/** Misconfiguration stops the gateway at startup, with the offending property named. */
final class StartupValidationTest {

  private static void start(String... args) {
    String[] base = {"--server.port=0", "--spring.config.location=classpath:/none.yml", "--logging.level.root=off"};
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(args))
        .toArray(String[]::new);
    SpringApplication.run(SampleGatewayApplication.class, all).close();
  }

  @Test
  void unknownProviderTypeIsNamed() {
    assertThatThrownBy(() -> start("--ai.providers.main.type=opneai"))
        .rootCause().hasMessageContaining("ai.providers.main.type: 'opneai' (expected one of: openai,");
  }

  @Test
  void routeNamingAnUndeclaredProviderIsNamed() {
    assertThatThrownBy(() -> start("--ai.providers.demo.type=demo",
        "--spring.cloud.gateway.server.webflux.routes[0].id=r",
        "--spring.cloud.gateway.server.webflux.routes[0].uri=ai://dmeo",
        "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/**"))
        .rootCause().hasMessageContaining("spring.cloud.gateway.server.webflux.routes[0] (id r): provider 'dmeo'")
        .hasMessageContaining("demo");
  }

  @Test
  void aiAuthWithoutKeysFailsClosedAtStartup() {
    assertThatThrownBy(() -> start("--ai.providers.demo.type=demo",
        "--spring.cloud.gateway.server.webflux.default-filters[0]=AiAuth"))
        .rootCause().hasMessageContaining("ai.auth.api-keys: empty");
  }

  @Test
  void providerKeyIsRequiredUnlessAuto() {
    assertThatThrownBy(() -> start("--ai.providers.claude.type=anthropic"))
        .rootCause().hasMessageContaining("ai.providers.claude.api-key: missing");
  }
}
