package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.parse;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.wire;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.context;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.json;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

final class AnthropicInboundResponseTest {

  private final AnthropicInboundTranslator translator = new AnthropicInboundTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"response-text", "response-tools", "response-length", "response-content-filter",
      "response-cached"})
  void translatesGoldenResponses(String name) {
    ObjectNode completion = object(name + ".canonical.json");
    ObjectNode original = completion.deepCopy();

    ObjectNode message = translator.fromCanonical(completion, context(false));

    assertThat(wire(message)).isEqualTo(json(name + ".anthropic.json"));
    assertThat(completion).as("the completion is left untouched").isEqualTo(original);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {"stop, end_turn", "length, max_tokens", "tool_calls, tool_use",
      "content_filter, refusal", "null, end_turn", "function_call, tool_use", "something_new, end_turn"})
  void mapsFinishReasons(String finishReason, String stopReason) {
    assertThat(AnthropicInboundResponse.stopReason(finishReason, false)).isEqualTo(stopReason);
  }

  @Test
  void aTurnThatCalledToolsStopsForToolUseWhateverTheUpstreamSaid() {
    ObjectNode message = translate("""
        {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": null,
          "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}}]}""");
    assertThat(message.get("stop_reason").asString()).isEqualTo("tool_use");
    assertThat(AnthropicInboundResponse.stopReason("length", true)).isEqualTo("max_tokens");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[1, 2]", "\\\"text\\\"", "{\\\"a\\\": "})
  void refusesToolArgumentsThatAreNotAnObject(String arguments) {
    assertThatThrownBy(() -> translate("""
        {"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant",
          "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "%s"}}]}}]}"""
        .formatted(arguments)))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.type()).isEqualTo("upstream_error");
        });
  }

  @Test
  void usesOnlyTheFirstChoice() {
    ObjectNode message = translate("""
        {"choices": [
          {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "first"}},
          {"index": 1, "finish_reason": "length", "message": {"role": "assistant", "content": "second"}}]}""");
    assertThat(wire(message.get("content")))
        .isEqualTo(Json.MAPPER.readTree("[{\"type\": \"text\", \"text\": \"first\"}]"));
    assertThat(message.get("stop_reason").asString()).isEqualTo("end_turn");
  }

  @Test
  void showsARefusalAsText() {
    ObjectNode message = translate("""
        {"choices": [{"index": 0, "finish_reason": "stop",
          "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}]}""");
    assertThat(message.get("content").get(0).get("text").asString()).isEqualTo("I can't help with that.");
  }

  @Test
  void readsMissingUsageAsZero() {
    ObjectNode message = translate("""
        {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}]}""");
    assertThat(wire(message.get("usage"))).isEqualTo(Json.MAPPER.readTree("""
        {"input_tokens": 0, "output_tokens": 0, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}"""));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "400, invalid_request_error, null, invalid_request_error",
      "422, invalid_request_error, null, invalid_request_error",
      "401, authentication_error, invalid_api_key, authentication_error",
      "403, invalid_request_error, null, permission_error",
      "404, invalid_request_error, model_not_found, not_found_error",
      "413, invalid_request_error, request_too_large, request_too_large",
      "429, rate_limit_error, rate_limit_exceeded, rate_limit_error",
      "529, upstream_error, null, overloaded_error",
      "503, upstream_error, null, overloaded_error",
      "502, upstream_error, upstream_overloaded, overloaded_error",
      "502, upstream_error, overloaded_error, overloaded_error",
      "502, upstream_error, upstream_auth_failed, api_error",
      "504, timeout_error, upstream_timeout, api_error",
      "500, server_error, internal_error, api_error"})
  void mapsErrorsToAnthropicTypes(int status, String type, String code, String anthropicType) {
    AiException error = new AiException(status, type, code, null, "Something went wrong.", null);
    assertThat(wire(translator.error(error))).isEqualTo(Json.MAPPER.readTree("""
        {"type": "error", "error": {"type": "%s", "message": "Something went wrong."}}""".formatted(anthropicType)));
  }

  @Test
  void namesTheOffendingFieldInTheMessageLikeAnthropic() {
    AiException block = AiException.invalidRequest("Images must be base64 or url.", "messages[2].content[0].type");
    assertThat(translator.error(block).get("error").get("message").asString())
        .isEqualTo("messages[2].content[0].type: Images must be base64 or url.");
    AiException named = AiException.invalidRequest("'max_tokens' is required.", "max_tokens");
    assertThat(translator.error(named).get("error").get("message").asString()).isEqualTo("'max_tokens' is required.");
  }

  private ObjectNode translate(String completion) {
    return translator.fromCanonical(parse(completion), context(false));
  }
}
