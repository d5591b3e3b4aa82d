package io.switchboard.ai.predicate;

import static io.switchboard.ai.predicate.Exchanges.post;
import static io.switchboard.ai.predicate.Exchanges.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

final class AiCapabilityRoutePredicateFactoryTest {

  private static final String TOOLS_AND_IMAGE = "{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"function\"}],"
      + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}}]}]}";
  private static final String TOOLS_ONLY = "{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"function\"}],"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private final AiCapabilityRoutePredicateFactory factory = new AiCapabilityRoutePredicateFactory(Exchanges.READER);

  /** Arguments as the gateway gathers them, shortcut or full form alike. */
  private AsyncPredicate<ServerWebExchange> capability(String... arguments) {
    return factory.applyAsync(new AiCapabilityRoutePredicateFactory.Config().setCapabilities(List.of(arguments)));
  }

  @Test
  void allIsTheDefault() {
    AsyncPredicate<ServerWebExchange> both = capability("tools", "images");
    assertThat(test(both, post("/v1/chat/completions", TOOLS_AND_IMAGE))).isTrue();
    assertThat(test(both, post("/v1/chat/completions", TOOLS_ONLY))).isFalse();
    assertThat(test(capability("tools", "images", "all"), post("/v1/chat/completions", TOOLS_ONLY))).isFalse();
  }

  @Test
  void anyAsTrailingFlagLeadingValueOrMatchProperty() {
    assertThat(test(capability("images", "json-schema", "any"), post("/v1/chat/completions", TOOLS_AND_IMAGE)))
        .isTrue();
    // the full form's {capabilities: "images,json-schema", match: any} may arrive in either order
    assertThat(test(capability("any", "images,json-schema"), post("/v1/chat/completions", TOOLS_AND_IMAGE)))
        .isTrue();
    AsyncPredicate<ServerWebExchange> programmatic = factory.applyAsync(new AiCapabilityRoutePredicateFactory.Config()
        .setCapabilities(List.of("reasoning", "images")).setMatch("ANY"));
    assertThat(test(programmatic, post("/v1/chat/completions", TOOLS_AND_IMAGE))).isTrue();
    assertThat(test(programmatic, post("/v1/chat/completions", TOOLS_ONLY))).isFalse();
  }

  @Test
  void detectionRunsOncePerExchangeWhateverTheNumberOfPredicates() {
    MockServerWebExchange exchange = post("/v1/chat/completions", TOOLS_ONLY);
    assertThat(test(capability("tools"), exchange)).isTrue();
    // a later route reads what the first detection left on the exchange
    exchange.getAttributes().put(AiCapabilityRoutePredicateFactory.DETECTED_ATTRIBUTE, EnumSet.of(Capability.AUDIO));
    assertThat(test(capability("audio"), exchange)).isTrue();
    assertThat(test(capability("tools"), exchange)).isFalse();
  }

  @Test
  void streamingAloneNeedsNoDetection() {
    MockServerWebExchange exchange = post("/v1/messages", "{\"model\":\"claude\",\"stream\":true}");
    assertThat(test(capability("streaming"), exchange)).isTrue();
    assertThat(exchange.getAttributes()).doesNotContainKey(AiCapabilityRoutePredicateFactory.DETECTED_ATTRIBUTE);
    assertThat(test(capability("streaming"), post("/v1beta/models/g:streamGenerateContent", "{}"))).isTrue();
    assertThat(test(capability("streaming"), post("/v1beta/models/g:generateContent", "{\"stream\":true}")))
        .isFalse();
  }

  @Test
  void malformedBodiesMatchNothing() {
    for (String body : new String[] {"{\"tools\":[{}]", "[1]", "", "tools"}) {
      assertThat(test(capability("tools"), post("/v1/chat/completions", body))).as(body).isFalse();
    }
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> capability("tools", "vision"))
        .hasMessageContaining("AiCapability: 'vision' (expected one of: tools, images, audio, json-schema, json, "
            + "reasoning, streaming; and optionally any or all)");
    assertThatThrownBy(() -> capability("any")).hasMessageContaining("AiCapability: no capability given");
    assertThatThrownBy(() -> capability("tools", "any", "all"))
        .hasMessageContaining("AiCapability: both 'any' and 'all' given");
    assertThatThrownBy(() -> factory.applyAsync(new AiCapabilityRoutePredicateFactory.Config()
        .setCapabilities(List.of("tools")).setMatch("some"))).hasMessageContaining("match 'some' (expected any or all)");
  }

  @Test
  void describesItselfForTheRouteListing() {
    assertThat(capability("images", "TOOLS")).hasToString("AiCapability: all of tools,images");
    assertThat(capability("json-schema", "reasoning", "any"))
        .hasToString("AiCapability: any of json-schema,reasoning");
    assertThat(factory.name()).isEqualTo("AiCapability");
  }
}
