package io.switchboard.sample.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.switchboard.sample.SampleGatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

/** {@code AiSemanticCache} arguments are checked at startup, naming the route and the argument. */
final class CacheStartupValidationTest {

  private static final String ROUTE = "--spring.cloud.gateway.server.webflux.routes[0].";

  private static Throwable failure(String... filterArgs) {
    String[] base = {"--server.port=0", "--spring.config.location=classpath:/none.yml", "--logging.level.root=off",
        "--ai.providers.demo.type=demo", ROUTE + "id=cached", ROUTE + "uri=ai://demo",
        ROUTE + "predicates[0]=Path=/v1/**", ROUTE + "filters[0].name=AiSemanticCache"};
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base),
        java.util.Arrays.stream(filterArgs).map(a -> ROUTE + "filters[0].args." + a)).toArray(String[]::new);
    Throwable thrown = catchThrowable(() -> SpringApplication.run(SampleGatewayApplication.class, all).close());
    return thrown == null ? null : org.springframework.core.NestedExceptionUtils.getMostSpecificCause(thrown);
  }

  @Test
  void badArgumentsStopTheGateway() {
    assertThat(failure("threshold=1.5")).hasMessageContaining("routes[0] (id cached): AiSemanticCache threshold: 1.5");
    assertThat(failure("operations[0]=embeddings")).hasMessageContaining("operations: 'embeddings' (supported: chat)");
    assertThat(failure("treshold=0.9")).hasMessageContaining("unknown argument 'treshold'");
    assertThat(failure("ttl=-5s")).hasMessageContaining("ttl: PT-5S");
  }

  @Test
  void goodArgumentsStart() {
    assertThat(failure("semantic=true", "threshold=0.9", "ttl=5m", "max-size=64KB", "tenant=route")).isNull();
  }
}
