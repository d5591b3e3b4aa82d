package io.switchboard.ai.provider.cohere;

import static io.switchboard.ai.provider.cohere.CohereFixtures.context;
import static io.switchboard.ai.provider.cohere.CohereFixtures.json;
import static io.switchboard.ai.provider.cohere.CohereFixtures.normalized;
import static io.switchboard.ai.provider.cohere.CohereFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

final class CohereChatTranslatorTest {

  private final CohereChatTranslator translator = new CohereChatTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"chat-plain", "chat-options", "chat-system", "chat-tools", "chat-images",
      "chat-json-object", "chat-json-schema"})
  void translatesRequestsAsInTheGoldenFixtures(String fixture) {
    ObjectNode request = object(fixture + ".openai-request.json");
    ObjectNode original = request.deepCopy();

    UpstreamRequest upstream = translator.toUpstream(request, context(false, false));

    assertThat(upstream.path()).isEqualTo("/v2/chat");
    assertThat(normalized(upstream.body())).isEqualTo(object(fixture + ".cohere-request.json"));
    assertThat(request).isEqualTo(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {"response-text", "response-tool-calls", "response-max-tokens", "response-thinking"})
  void translatesResponsesAsInTheGoldenFixtures(String fixture) {
    ObjectNode completion = translator.fromUpstream(object(fixture + ".cohere-response.json"), context(false, false));

    assertThat(normalized(completion)).isEqualTo(object(fixture + ".openai-response.json"));
  }

  @Test
  void asksForAStreamWhenTheClientStreams() {
    UpstreamRequest upstream = translator.toUpstream(object("chat-plain.openai-request.json"), context(true, true));

    assertThat(upstream.path()).isEqualTo("/v2/chat");
    assertThat(upstream.body().path("stream").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"required\" | REQUIRED", "\"none\" | NONE"})
  void mapsToolChoice(String toolChoice, String expected) {
    ObjectNode request = object("chat-tools.openai-request.json");
    request.set("tool_choice", Json.MAPPER.readTree(toolChoice));

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.path("tool_choice").asString()).isEqualTo(expected);
  }

  @Test
  void leavesAutoToolChoiceToCoheresDefault() {
    ObjectNode request = object("chat-tools.openai-request.json");
    request.put("tool_choice", "auto");

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.has("tool_choice")).isFalse();
    assertThat(body.path("tools").size()).isEqualTo(2);
  }

  @Test
  void dropsAToolChoiceWithoutTools() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.put("tool_choice", "required");
    request.putArray("tools");

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(normalized(body)).isEqualTo(object("chat-plain.cohere-request.json"));
  }

  @Test
  void refusesANamedToolChoice() {
    ObjectNode request = object("chat-tools.openai-request.json");
    request.set("tool_choice", json("{\"type\": \"function\", \"function\": {\"name\": \"get_weather\"}}"));

    assertInvalid(request, "tool_choice");
  }

  @Test
  void clampsSamplingOptionsIntoCoheresRanges() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.put("top_p", 0);
    request.put("frequency_penalty", 2);
    request.put("presence_penalty", 0.25);

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.path("p").asDouble()).isEqualTo(0.01);
    assertThat(body.path("frequency_penalty").asDouble()).isEqualTo(1.0);
    assertThat(body.path("presence_penalty").asDouble()).isEqualTo(0.25);
  }

  @Test
  void usesMaxTokensWhenMaxCompletionTokensIsUnset() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.put("max_tokens", 64);

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
  }

  @Test
  void passesAnArrayOfStopSequences() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.set("stop", Json.MAPPER.readTree("[\"a\", \"b\"]"));

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.path("stop_sequences")).isEqualTo(Json.MAPPER.readTree("[\"a\",\"b\"]"));
  }

  @Test
  void ignoresExplicitNulls() {
    ObjectNode request = object("chat-plain.openai-request.json");
    for (String field : new String[] {"temperature", "top_p", "stop", "tools", "tool_choice", "response_format",
        "max_tokens", "max_completion_tokens", "seed", "n", "frequency_penalty", "presence_penalty"}) {
      request.putNull(field);
    }

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(normalized(body)).isEqualTo(object("chat-plain.cohere-request.json"));
  }

  @Test
  void treatsTextResponseFormatAsTheDefault() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.set("response_format", json("{\"type\": \"text\"}"));

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.has("response_format")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "n                 | 2",
      "n                 | 1.5",
      "max_tokens        | 0",
      "max_completion_tokens | \"100\"",
      "temperature       | \"hot\"",
      "seed              | 1.5",
      "stop              | 5",
      "tools             | {}",
      "tool_choice       | \"sometimes\"",
      "response_format.type | {\"type\": \"yaml\"}"})
  void refusesInvalidOptions(String param, String value) {
    ObjectNode request = object("chat-plain.openai-request.json");
    String field = param.contains(".") ? param.substring(0, param.indexOf('.')) : param;
    request.set(field, Json.MAPPER.readTree(value));

    assertInvalid(request, param);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[]                                                                        | messages",
      "[{\"role\": \"function\", \"name\": \"f\", \"content\": \"x\"}]            | messages[0].role",
      "[{\"content\": \"x\"}]                                                    | messages[0].role",
      "[{\"role\": \"system\"}]                                                  | messages[0].content",
      "[{\"role\": \"user\"}]                                                    | messages[0].content",
      "[{\"role\": \"user\", \"content\": [{\"type\": \"input_audio\"}]}]         | messages[0].content[0].type",
      "[{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]           | messages[0].content[0].image_url.url",
      "[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": 1}]}]   | messages[0].content[0].text",
      "[{\"role\": \"tool\", \"content\": \"x\"}]                                | messages[0].tool_call_id",
      "[{\"role\": \"assistant\", \"tool_calls\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}]}] | messages[0].tool_calls[0].id",
      "[{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"c\", \"function\": {}}]}] | messages[0].tool_calls[0].function.name",
      "[{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"c\", \"function\": {\"name\": \"f\", \"arguments\": 3}}]}] | messages[0].tool_calls[0].function.arguments"})
  void refusesInvalidMessages(String messages, String param) {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.set("messages", Json.MAPPER.readTree(messages));

    assertInvalid(request, param);
  }

  @Test
  void refusesNonFunctionToolsAndNamelessFunctions() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.set("tools", Json.MAPPER.readTree("[{\"type\": \"web_search\"}]"));
    assertInvalid(request, "tools[0].type");

    request.set("tools", Json.MAPPER.readTree("[{\"type\": \"function\", \"function\": {}}]"));
    assertInvalid(request, "tools[0].function.name");
  }

  @Test
  void encodesToolCallArgumentsGivenAsAnObject() {
    ObjectNode request = object("chat-plain.openai-request.json");
    ((ArrayNode) request.get("messages")).add(json("""
        {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
          "function": {"name": "f", "arguments": {"a": 1}}}]}"""));

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.at("/messages/1/tool_calls/0/function/arguments").asString()).isEqualTo("{\"a\":1}");
  }

  @ParameterizedTest
  @CsvSource({"COMPLETE, stop", "STOP_SEQUENCE, stop", "MAX_TOKENS, length", "TOOL_CALL, tool_calls",
      "ERROR, stop", "TIMEOUT, stop", "SOMETHING_NEW, stop"})
  void mapsFinishReasons(String cohere, String openAi) {
    ObjectNode response = object("response-text.cohere-response.json");
    response.put("finish_reason", cohere);

    ObjectNode completion = translator.fromUpstream(response, context(false, false));

    assertThat(completion.at("/choices/0/finish_reason").asString()).isEqualTo(openAi);
  }

  @Test
  void readsUsageFromTokensThenBilledUnits() {
    assertThat(translator.usageOf(object("response-text.cohere-response.json"))).isEqualTo(TokenUsage.of(71, 2));
    assertThat(translator.usageOf(object("response-max-tokens.cohere-response.json")))
        .isEqualTo(TokenUsage.of(12, 3));
    assertThat(translator.usageOf(json("{\"message\": {}}"))).isEqualTo(TokenUsage.NONE);
  }

  @Test
  void rejectsAResponseWithoutMessage() {
    assertThatThrownBy(() -> translator.fromUpstream(json("{\"id\": \"x\", \"finish_reason\": \"COMPLETE\"}"),
        context(false, false)))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.type()).isEqualTo("upstream_error");
        });
  }

  private void assertInvalid(ObjectNode request, String param) {
    assertThatThrownBy(() -> translator.toUpstream(request, context(false, false)))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.type()).isEqualTo("invalid_request_error");
          assertThat(e.param()).isEqualTo(param);
        });
  }
}
