package io.switchboard.sample.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.switchboard.ai.provider.InvalidConfigurationException;
import io.switchboard.sample.SampleGatewayApplication;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.NestedExceptionUtils;

/** A routing predicate with bad arguments stops the gateway at startup, naming the route and the argument. */
final class PredicateValidationTest {

  private static final String ROUTE = "--spring.cloud.gateway.server.webflux.routes[0].";

  /** The most specific cause of the startup failure of a gateway with one route and these predicates. */
  private static Throwable failure(String... predicates) {
    Stream<String> base = Stream.of("--server.port=0", "--spring.config.location=classpath:/none.yml",
        "--logging.level.root=off", "--ai.providers.demo.type=demo", ROUTE + "id=r", ROUTE + "uri=ai://demo");
    Stream<String> route = Stream.iterate(0, i -> i + 1).limit(predicates.length)
        .map(i -> ROUTE + "predicates[" + i + "]=" + predicates[i]);
    String[] args = Stream.concat(base, route).toArray(String[]::new);
    Throwable thrown = catchThrowable(() -> SpringApplication.run(SampleGatewayApplication.class, args).close());
    assertThat(thrown).as("startup failure for %s", Arrays.toString(predicates)).isNotNull();
    return NestedExceptionUtils.getMostSpecificCause(thrown);
  }

  @Test
  void eachPredicatesArgumentsAreChecked() {
    assertThat(failure("Path=/v1/**", "AiPromptTokens=32000,1000"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("spring.cloud.gateway.server.webflux.routes[0].predicates[1] (route r): "
            + "AiPromptTokens: min 32000, max 1000 (expected 0 <= min < max");
    assertThat(failure("AiPromptTokens=,32000")).hasMessageContaining("has an empty argument before '32000'");
    assertThat(failure("AiCapability=tools,vision")).hasMessageContaining("AiCapability: 'vision' (expected one of");
    assertThat(failure("AiDialect=claude")).hasMessageContaining("AiDialect: 'claude' (expected one of");
    assertThat(failure("AiMetadata=tier,[gold")).hasMessageContaining("AiMetadata: regexp '[gold'");
    assertThat(failure("AiModel=")).hasMessageContaining("AiModel: no model pattern given");
  }

  @Test
  void goodPredicatesStart() {
    SpringApplication.run(SampleGatewayApplication.class, "--server.port=0",
        "--spring.config.location=classpath:/none.yml", "--logging.level.root=off", "--ai.providers.demo.type=demo",
        ROUTE + "id=r", ROUTE + "uri=ai://demo", ROUTE + "predicates[0]=AiDialect=openai-chat",
        ROUTE + "predicates[1]=AiPromptTokens=0,32000", ROUTE + "predicates[2]=AiCapability=tools,any",
        ROUTE + "predicates[3]=AiMetadata=header:x-tenant").close();
  }
}
