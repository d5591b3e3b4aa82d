package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiFixtures.context;
import static io.switchboard.ai.provider.gemini.GeminiFixtures.normalized;
import static io.switchboard.ai.provider.gemini.GeminiFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class GeminiChatTranslatorTest {

  private final GeminiChatTranslator translator = new GeminiChatTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"chat-plain", "chat-options", "chat-system", "chat-tools", "chat-images",
      "chat-json-object", "chat-json-schema", "chat-stop-n"})
  void translatesRequestsAsInTheGoldenFixtures(String fixture) {
    UpstreamRequest upstream = translator.toUpstream(object(fixture + ".openai-request.json"), context(false, false));

    assertThat(normalized(upstream.body())).isEqualTo(object(fixture + ".gemini-request.json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"response-text", "response-function-calls", "response-thoughts", "response-safety-block",
      "response-multi-candidates"})
  void translatesResponsesAsInTheGoldenFixtures(String fixture) {
    ObjectNode completion = translator.fromUpstream(object(fixture + ".gemini-response.json"), context(false, false));

    assertThat(normalized(completion)).isEqualTo(object(fixture + ".openai-response.json"));
  }

  @Test
  void postsToGenerateContentWithoutTheModelsPrefix() {
    UpstreamRequest upstream = translator.toUpstream(object("chat-plain.openai-request.json"), context(false, false));

    assertThat(upstream.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
  }

  @Test
  void streamsFromStreamGenerateContentAsSse() {
    UpstreamRequest upstream = translator.toUpstream(object("chat-plain.openai-request.json"), context(true, true));

    assertThat(upstream.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  }

  @Test
  void keepsAModelNameThatHasNoPrefix() {
    TranslationContext bare = new TranslationContext("gemini-2.5-pro", "pro", false, false, "chatcmpl-1", 1, 10);

    assertThat(translator.toUpstream(object("chat-plain.openai-request.json"), bare).path())
        .isEqualTo("/v1beta/models/gemini-2.5-pro:generateContent");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"auto\"                                            | {\"mode\":\"AUTO\"}",
      "\"required\"                                        | {\"mode\":\"ANY\"}",
      "\"none\"                                            | {\"mode\":\"NONE\"}",
      "{\"type\":\"function\",\"function\":{\"name\":\"f\"}} | {\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}"})
  void mapsToolChoice(String toolChoice, String functionCallingConfig) {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.set("tool_choice", Json.MAPPER.readTree(toolChoice));

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.path("toolConfig").path("functionCallingConfig"))
        .isEqualTo(Json.MAPPER.readTree(functionCallingConfig));
  }

  @Test
  void passesAnArrayOfStopSequences() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.set("stop", Json.MAPPER.readTree("[\"a\", \"b\"]"));

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(body.path("generationConfig").path("stopSequences")).isEqualTo(Json.MAPPER.readTree("[\"a\",\"b\"]"));
  }

  @Test
  void ignoresExplicitNulls() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.putNull("temperature");
    request.putNull("stop");
    request.putNull("tools");
    request.putNull("tool_choice");
    request.putNull("response_format");

    JsonNode body = translator.toUpstream(request, context(false, false)).body();

    assertThat(normalized(body)).isEqualTo(object("chat-plain.gemini-request.json"));
  }

  @Test
  void rejectsAToolMessageAnsweringAnUnknownCall() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("""
        {"messages": [
          {"role": "user", "content": "hi"},
          {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
            "function": {"name": "f", "arguments": "{}"}}]},
          {"role": "tool", "tool_call_id": "call_9", "content": "done"}
        ]}""");

    assertInvalid(request, "messages[2].tool_call_id");
  }

  @Test
  void rejectsUnparsableToolArguments() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("""
        {"messages": [
          {"role": "user", "content": "hi"},
          {"role": "assistant", "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}},
            {"id": "call_2", "type": "function", "function": {"name": "g", "arguments": "{not json"}}]}
        ]}""");

    assertInvalid(request, "messages[1].tool_calls[1].function.arguments");
  }

  @Test
  void rejectsContentPartsGeminiCannotTake() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("""
        {"messages": [
          {"role": "system", "content": "be brief"},
          {"role": "user", "content": "hi"},
          {"role": "user", "content": [{"type": "text", "text": "listen"},
            {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}]}
        ]}""");

    assertInvalid(request, "messages[2].content[1].type");
  }

  @Test
  void rejectsImageUrlsThatAreNeitherHttpNorData() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("""
        {"messages": [{"role": "user", "content": [
          {"type": "image_url", "image_url": {"url": "ftp://example.com/a.png"}}]}]}""");

    assertInvalid(request, "messages[0].content[0].image_url.url");
  }

  @Test
  void rejectsARequestWithOnlySystemMessages() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("""
        {"messages": [{"role": "system", "content": "be brief"}]}""");

    assertInvalid(request, "messages");
  }

  @Test
  void rejectsAnUnknownToolChoice() {
    ObjectNode request = object("chat-plain.openai-request.json");
    request.put("tool_choice", "sometimes");

    assertInvalid(request, "tool_choice");
  }

  @Test
  void readsUsageIncludingThoughtsAndCache() {
    TokenUsage usage = translator.usageOf(object("response-thoughts.gemini-response.json"));

    assertThat(usage).isEqualTo(new TokenUsage(100, 32, 64, 0, 30));
  }

  @Test
  void readsNoUsageAsZero() {
    assertThat(translator.usageOf(Json.object())).isEqualTo(TokenUsage.NONE);
  }

  @Test
  void reportsAResponseWithoutCandidatesAsAnUpstreamError() {
    assertThatThrownBy(() -> translator.fromUpstream(Json.object(), context(false, false)))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
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
