package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.JsonBodyScanner;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.JsonNode;

final class OpenAiBodiesTest {

  private final AiRequestReader reader = new AiRequestReader(1 << 20, new JsonBodyScanner(64));

  @Test
  void keepsEveryByteButTheModel() {
    String body = "{ \"model\" : \"openai/gpt-4o\",\"future_field\":{\"x\":[1.50,2e3]},\"messages\":[] }";
    String out = rewrite(body, "gpt-4o", false);
    assertThat(out).isEqualTo("{ \"model\" : \"gpt-4o\",\"future_field\":{\"x\":[1.50,2e3]},\"messages\":[] }");
  }

  @Test
  void unchangedModelAndNoStreamForwardsTheSameArray() {
    String body = "{\"model\":\"gpt-4o\",\"messages\":[]}";
    AiRequest request = read(body);
    assertThat(OpenAiBodies.forUpstream(request, request.scan(), "gpt-4o", false, true)).isSameAs(request.body());
  }

  @Test
  void streamsAskForUsage() {
    JsonNode out = Json.MAPPER.readTree(rewrite("{\"model\":\"m\",\"stream\":true,\"messages\":[]}", "up", true));
    assertThat(out.path("model").asString()).isEqualTo("up");
    assertThat(out.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void existingStreamOptionsAreKeptAndCompleted() {
    JsonNode out = Json.MAPPER.readTree(rewrite(
        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false}}", "m", true));
    assertThat(out.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(out.path("stream_options").path("include_obfuscation").asBoolean(true)).isFalse();
  }

  @Test
  void clientThatAskedForUsageIsForwardedAsIs() {
    String body = "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    assertThat(rewrite(body, "m", true)).isEqualTo(body);
  }

  @Test
  void providersThatRejectStreamOptionsNeverGetThem() {
    String asked = "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"x\":1}";
    JsonNode out = Json.MAPPER.readTree(rewrite(asked, "mistral-large", true, false));
    assertThat(out.has("stream_options")).isFalse();
    assertThat(out.path("model").asString()).isEqualTo("mistral-large");
    assertThat(out.path("x").asInt()).isEqualTo(1);
    String plain = "{\"model\":\"m\",\"stream\":true}";
    assertThat(rewrite(plain, "m", true, false)).isEqualTo(plain);
  }

  private String rewrite(String body, String model, boolean stream) {
    return rewrite(body, model, stream, true);
  }

  private String rewrite(String body, String model, boolean stream, boolean streamOptions) {
    AiRequest request = read(body);
    return new String(OpenAiBodies.forUpstream(request, request.scan(), model, stream, streamOptions),
        StandardCharsets.UTF_8);
  }

  private AiRequest read(String body) {
    MockServerWebExchange exchange = MockServerWebExchange.from(
        MockServerHttpRequest.post("/v1/chat/completions").body(body));
    return reader.read(exchange).block();
  }
}
