package io.switchboard.ai.provider.openai;

import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.context;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.json;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.object;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.parse;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class ResponsesInboundResponseTest {

  private final ResponsesInboundTranslator translator = new ResponsesInboundTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"response-text", "response-function-calls", "response-length", "response-usage"})
  void translatesGoldenResponses(String name) {
    ObjectNode completion = object(name + ".canonical.json");
    ObjectNode original = completion.deepCopy();

    ObjectNode response = translator.fromCanonical(completion, context(false));

    assertThat(wire(response)).isEqualTo(json(name + ".responses.json"));
    assertThat(completion).as("the completion is left untouched").isEqualTo(original);
  }

  @Test
  void aContentFilteredAnswerIsIncomplete() {
    ObjectNode response = translate("""
        {"choices": [{"index": 0, "finish_reason": "content_filter",
          "message": {"role": "assistant", "content": "I was say"}}]}""");
    assertThat(response.get("status").asString()).isEqualTo("incomplete");
    assertThat(response.get("incomplete_details").get("reason").asString()).isEqualTo("content_filter");
    assertThat(response.get("output").get(0).get("status").asString()).isEqualTo("incomplete");
  }

  @Test
  void onlyTheLastItemOfATruncatedAnswerIsIncomplete() {
    ObjectNode response = translate("""
        {"choices": [{"index": 0, "finish_reason": "length", "message": {"role": "assistant", "content": "Sure.",
          "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\\"a\\": "}}]}}]}""");
    assertThat(response.get("output")).extracting(item -> item.get("status").asString())
        .containsExactly("completed", "incomplete");
  }

  @Test
  void aRefusalIsARefusalPart() {
    ObjectNode response = translate("""
        {"choices": [{"index": 0, "finish_reason": "stop",
          "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}]}""");
    assertThat(wire(response.get("output").get(0).get("content"))).isEqualTo(Json.MAPPER.readTree("""
        [{"type": "refusal", "refusal": "I can't help with that."}]"""));
  }

  @Test
  void anAnswerOfOnlyToolCallsHasNoMessageItem() {
    ObjectNode response = translate("""
        {"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": "",
          "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": {"x": 1}}},
                         {"type": "function", "function": {"name": "g", "arguments": "{}"}}]}}]}""");
    JsonNode output = wire(response.get("output"));
    assertThat(output).hasSize(2);
    assertThat(output.get(0).get("id").asString()).isEqualTo("fc_67ccd3a9da748190baa7f1570fe91ac6_0");
    assertThat(output.get(0).get("arguments").asString()).isEqualTo("{\"x\":1}");
    assertThat(output.get(1).get("call_id").asString()).isEqualTo("call_67ccd3a9da748190baa7f1570fe91ac6_1");
  }

  @Test
  void joinsTextPartsAndUsesOnlyTheFirstChoice() {
    ObjectNode response = translate("""
        {"choices": [
          {"index": 0, "finish_reason": "stop", "message": {"role": "assistant",
            "content": [{"type": "text", "text": "fir"}, {"type": "text", "text": "st"}]}},
          {"index": 1, "finish_reason": "length", "message": {"role": "assistant", "content": "second"}}]}""");
    assertThat(response.get("status").asString()).isEqualTo("completed");
    assertThat(response.get("output")).hasSize(1);
    assertThat(response.get("output").get(0).get("content").get(0).get("text").asString()).isEqualTo("first");
  }

  @Test
  void anEmptyAnswerHasNoOutputAndMissingUsageReadsAsZero() {
    ObjectNode response = translate("""
        {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ""}}]}""");
    assertThat(response.get("output")).isEmpty();
    assertThat(wire(response.get("usage"))).isEqualTo(Json.MAPPER.readTree("""
        {"input_tokens": 0, "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
         "output_tokens": 0, "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 0}"""));
  }

  @Test
  void usesTheWholeIdAsBaseWhenItHasNoRespPrefix() {
    ObjectNode response = translator.fromCanonical(parse("""
        {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}]}"""),
        new InboundContext("m", false, "abc123", 1L));
    assertThat(response.get("id").asString()).isEqualTo("abc123");
    assertThat(response.get("output").get(0).get("id").asString()).isEqualTo("msg_abc123_0");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "400, invalid_request_error, null, store",
      "429, rate_limit_error, rate_limit_exceeded, null",
      "502, upstream_error, upstream_overloaded, null"})
  void answersErrorsInOpenAisEnvelope(int status, String type, String code, String param) {
    AiException error = new AiException(status, type, code, param, "Something went wrong.", null);
    ObjectNode expected = Json.object();
    expected.putObject("error").put("message", "Something went wrong.").put("type", type).put("param", param)
        .put("code", code);
    assertThat(wire(translator.error(error))).isEqualTo(wire(expected));
  }

  private ObjectNode translate(String completion) {
    return translator.fromCanonical(parse(completion), context(false));
  }
}
