package io.switchboard.ai.provider.ollama;

import static io.switchboard.ai.provider.ollama.OllamaFixtures.context;
import static io.switchboard.ai.provider.ollama.OllamaFixtures.json;
import static io.switchboard.ai.provider.ollama.OllamaFixtures.normalized;
import static io.switchboard.ai.provider.ollama.OllamaFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class OllamaChatTranslatorTest {

  private final OllamaChatTranslator translator = new OllamaChatTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"chat-plain", "chat-options", "chat-json-schema", "chat-images", "chat-tools"})
  void translatesRequestsAsInTheGoldenFixtures(String fixture) {
    ObjectNode request = object(fixture + ".openai-request.json");
    ObjectNode original = request.deepCopy();

    UpstreamRequest upstream = translator.toUpstream(request, context(false, false));

    assertThat(upstream.path()).isEqualTo("/api/chat");
    assertThat(normalized(upstream.body())).isEqualTo(object(fixture + ".ollama-request.json"));
    assertThat(request).isEqualTo(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {"response-text", "response-tool-calls", "response-length"})
  void translatesResponsesAsInTheGoldenFixtures(String fixture) {
    ObjectNode completion = translator.fromUpstream(object(fixture + ".ollama-response.json"), context(false, false));

    assertThat(normalized(completion)).isEqualTo(object(fixture + ".openai-response.json"));
  }

  @Test
  void thinkingBecomesReasoningContent() {
    ObjectNode completion = translator.fromUpstream(io.switchboard.ai.Json.MAPPER.readTree("""
        {"model":"qwen3","message":{"role":"assistant","content":"Hi","thinking":"Hmm."},"done":true,
         "done_reason":"stop","prompt_eval_count":3,"eval_count":5}"""), context(false, false));
    assertThat(completion.at("/choices/0/message/reasoning_content").asString()).isEqualTo("Hmm.");
    assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo("Hi");
  }

  @Test
  void asksForAStreamWhenTheClientStreams() {
    JsonNode body = translator.toUpstream(object("chat-plain.openai-request.json"), context(true, true)).body();

    assertThat(body.path("stream").asBoolean()).isTrue();
  }

  @Test
  void usesMaxTokensWhenMaxCompletionTokensIsUnset() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.put("max_tokens", 64);

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.at("/options/num_predict").asInt()).isEqualTo(64);
  }

  @Test
  void omitsOptionsAndFormatWhenNullOrText() {
    ObjectNode request = object("chat-plain.openai-request.json");
    for (String field : new String[] {"temperature", "top_p", "stop", "tools", "max_tokens", "max_completion_tokens",
        "seed", "frequency_penalty", "presence_penalty"}) {
      request.putNull(field);
    }
    request.set("response_format", json("{\"type\": \"text\"}"));

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(normalized(body)).isEqualTo(object("chat-plain.ollama-request.json"));
  }

  @Test
  void refusesAnHttpImageUrl() {
    ObjectNode request = object("chat-images.openai-request.json");
    ((ObjectNode) request.at("/messages/0/content/1/image_url")).put("url", "https://example.com/cat.png");

    assertThatThrownBy(() -> translator.toUpstream(request, context(false, false)))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo("messages[0].content[1]");
        });
  }

  @Test
  void refusesToolCallArgumentsThatAreNotAJsonObject() {
    ObjectNode request = object("chat-tools.openai-request.json");
    ((ObjectNode) request.at("/messages/1/tool_calls/0/function")).put("arguments", "not json");

    assertThatThrownBy(() -> translator.toUpstream(request, context(false, false)))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].function.arguments");
        });
  }

  @Test
  void readsUsage() {
    assertThat(translator.usageOf(object("response-tool-calls.ollama-response.json")))
        .isEqualTo(TokenUsage.of(40, 20));
    assertThat(translator.usageOf(json("{\"done\": true}"))).isEqualTo(TokenUsage.NONE);
  }

  @Test
  void refusesAResponseWithoutMessage() {
    assertThatThrownBy(() -> translator.fromUpstream(json("{\"done\": true}"), context(false, false)))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }
}
