package io.switchboard.sample.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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

  /** The most specific cause of the startup failure, which must have happened. */
  private static Throwable failure(Runnable startup) {
    Throwable thrown = catchThrowable(startup::run);
    assertThat(thrown).as("startup failure").isNotNull();
    return org.springframework.core.NestedExceptionUtils.getMostSpecificCause(thrown);
  }

  @Test
  void unknownProviderTypeIsNamed() {
    assertThat(failure(() -> start("--ai.providers.main.type=opneai")))
        .hasMessageContaining("ai.providers.main.type: 'opneai' (expected one of: openai,");
  }

  @Test
  void routeNamingAnUndeclaredProviderIsNamed() {
    assertThat(failure(() -> start("--ai.providers.demo.type=demo",
        "--spring.cloud.gateway.server.webflux.routes[0].id=r",
        "--spring.cloud.gateway.server.webflux.routes[0].uri=ai://dmeo",
        "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/**")))
        .hasMessageContaining("spring.cloud.gateway.server.webflux.routes[0] (id r): provider 'dmeo'")
        .hasMessageContaining("demo");
  }

  @Test
  void aiAuthWithoutKeysFailsClosedAtStartup() {
    assertThat(failure(() -> start("--ai.providers.demo.type=demo",
        "--spring.cloud.gateway.server.webflux.default-filters[0]=AiAuth")))
        .hasMessageContaining("ai.auth.api-keys: empty");
  }

  @Test
  void vertexCredentialsAreCheckedWithoutBeingShown() {
    assertThat(failure(() -> start("--ai.providers.vertex.type=vertex", "--ai.providers.vertex.project=p",
        "--ai.providers.vertex.credentials-json={\"type\":\"service_account\",\"private_key\":\"hidden-value\"}")))
        .hasMessageContaining("ai.providers.vertex.credentials-json: invalid (expected: a service-account JSON key; "
            + "Service account field 'client_email' is missing)")
        .message().doesNotContain("hidden-value");
  }

  @Test
  void costInUsageMustBeABoolean() {
    Throwable thrown = catchThrowable(() -> start("--ai.providers.demo.type=demo", "--ai.cost.in-usage=maybe"));
    assertThat(thrown).as("startup failure").isNotNull()
        .hasStackTraceContaining("ai.cost.in-usage").hasStackTraceContaining("maybe");
  }

  @Test
  void failoverRoutesAreValidatedAtStartup() {
    String route = "--spring.cloud.gateway.server.webflux.routes[0].";
    assertThat(failure(() -> start("--ai.providers.demo.type=demo", route + "id=fo", route + "uri=no://op",
        route + "predicates[0]=Path=/v1/**", route + "filters[0].name=AiFailover",
        route + "filters[0].args.strategy=fastest",
        route + "filters[0].args.targets[0].provider=demo")))
        .hasMessageContaining("routes[0] (id fo): AiFailover: unknown failover strategy 'fastest'");
    assertThat(failure(() -> start("--ai.providers.demo.type=demo", route + "id=fo", route + "uri=no://op",
        route + "predicates[0]=Path=/v1/**", route + "filters[0].name=AiFailover",
        route + "filters[0].args.targets[0].provider=demo", route + "filters[0].args.targets[1].provider=dmeo",
        route + "filters[0].args.on-error.rate-limited=panic")))
        .hasMessageContaining("AiFailover: targets[1].provider: dmeo");
    assertThat(failure(() -> start("--ai.providers.demo.type=demo", route + "id=fo", route + "uri=no://op",
        route + "predicates[0]=Path=/v1/**", route + "filters[0].name=AiFailover",
        route + "filters[0].args.targets[0].provider=demo", route + "filters[0].args.on-error.rate-limited=panic")))
        .hasMessageContaining("on-error.rate-limited: panic (expected: retry, failover");
    assertThat(failure(() -> start("--ai.providers.demo.type=demo", route + "id=fo", route + "uri=no://op",
        route + "predicates[0]=Path=/v1/**", route + "filters[0].name=AiFailover",
        route + "filters[0].args.targets[0].provider=demo", route + "filters[0].args.hedge.enabled=true",
        route + "filters[0].args.hedge.max-extra-cost-per-hour=0")))
        .hasMessageContaining("AiFailover: hedge.max-extra-cost-per-hour: 0.0 (expected: US dollars > 0");
    assertThat(failure(() -> start("--ai.providers.demo.type=demo", route + "id=fo", route + "uri=no://op",
        route + "predicates[0]=Path=/v1/**", route + "filters[0].name=AiFailover",
        route + "filters[0].args.targets[0].provider=demo", route + "filters[0].args.targets[0].timeouts.total=0s")))
        .hasMessageContaining("AiFailover: timeouts of target 'demo' must be positive");
  }

  @Test
  void budgetArgumentsAreValidatedAtStartup() {
    String route = "--spring.cloud.gateway.server.webflux.routes[0].";
    String[] base = {"--ai.providers.demo.type=demo", route + "id=spend", route + "uri=ai://demo",
        route + "predicates[0]=Path=/v1/**", route + "filters[0].name=AiBudget",
        route + "filters[0].args.limits[0].name=daily"};
    assertThat(failure(() -> start(with(base, route + "filters[0].args.limits[0].period=fortnight",
        route + "filters[0].args.limits[0].usd=5"))))
        .hasMessageContaining("routes[0] (id spend): AiBudget: limits[0].period: unknown period");
    assertThat(failure(() -> start(with(base, route + "filters[0].args.limits[0].usd=-1"))))
        .hasMessageContaining("routes[0] (id spend): AiBudget limits[0].usd must be a positive amount");
    assertThat(failure(() -> start(with(base, route + "filters[0].args.limits[0].subject=tenant",
        route + "filters[0].args.limits[0].usd=5"))))
        .hasMessageContaining("routes[0] (id spend): AiBudget: limits[0].subject: unknown subject");
  }

  private static String[] with(String[] base, String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }

  @Test
  void providerKeyIsRequiredUnlessAuto() {
    assertThat(failure(() -> start("--ai.providers.claude.type=anthropic")))
        .hasMessageContaining("ai.providers.claude.api-key: missing");
  }
}
