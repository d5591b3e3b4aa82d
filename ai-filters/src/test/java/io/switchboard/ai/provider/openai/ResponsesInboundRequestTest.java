package io.switchboard.ai.provider.openai;

import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.context;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.json;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.object;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.parse;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class ResponsesInboundRequestTest {

  private static final String HELLO = "\"input\": \"Hi\"";
  private static final String WEATHER = """
      {"type": "function", "name": "get_weather", "parameters": {"type": "object"}}""";
  private static final String TIME = """
      {"type": "function", "name": "get_time", "parameters": {"type": "object"}}""";

  private final ResponsesInboundTranslator translator = new ResponsesInboundTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"request-string-input", "request-images", "request-function-calls", "request-instructions",
      "request-json-schema", "request-reasoning"})
  void translatesGoldenRequests(String name) {
    ObjectNode request = object(name + ".responses.json");
    ObjectNode original = request.deepCopy();

    ObjectNode canonical = translator.toCanonical(request, context(request.path("stream").asBoolean(false)));

    assertThat(wire(canonical)).isEqualTo(json(name + ".canonical.json"));
    assertThat(request).as("the client's request is left untouched").isEqualTo(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {"request-builtin-tool", "request-previous-response", "request-store-true",
      "request-file-id"})
  void refusesGoldenInvalidRequests(String name) {
    JsonNode expected = json(name + ".error.json");
    assertThatThrownBy(() -> translator.toCanonical(object(name + ".responses.json"), context(false)))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(expected.get("status").asInt());
          assertThat(e.type()).isEqualTo(expected.get("type").asString());
          assertThat(e.param()).isEqualTo(expected.get("param").asString());
        });
  }

  @Test
  void explainsThatStorageIsNotAvailable() {
    assertThatThrownBy(() -> translate("{" + HELLO + ", \"previous_response_id\": \"resp_1\"}"))
        .hasMessageContaining("storage is not available on this gateway");
    assertThatThrownBy(() -> translate("{" + HELLO + ", \"store\": true}"))
        .hasMessageContaining("storage is not available on this gateway");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"store\": false", "\"store\": null", "\"background\": false", "\"previous_response_id\": null",
      "\"conversation\": null"})
  void acceptsStatelessSettings(String field) {
    assertThat(translate("{" + HELLO + ", " + field + "}").get("messages")).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      "background": true                           | background
      "conversation": "conv_689667905b048191b4740501625afd940c7533ace33a2dab" | conversation
      "conversation": {"id": "conv_1"}             | conversation
      "prompt": {"id": "pmpt_abc123", "version": "2"} | prompt
      "store": "yes"                               | store
      """)
  void refusesWhatNeedsStorage(String field, String param) {
    assertInvalid("{" + HELLO + ", " + field + "}", param);
  }

  @Test
  void takesModelAndStreamFromTheContextNotTheBody() {
    ObjectNode canonical = translator.toCanonical(parse("{\"model\": \"gpt-x\", \"stream\": false, " + HELLO + "}"),
        new InboundContext("routed-model", true, "resp_1", 1L));
    assertThat(canonical.get("model").asString()).isEqualTo("routed-model");
    assertThat(canonical.get("stream").asBoolean()).isTrue();
    assertThat(canonical.get("stream_options").get("include_usage").asBoolean()).isTrue();
  }

  @Test
  void asksForNoUsageChunkWhenNotStreaming() {
    ObjectNode canonical = translate("{" + HELLO + ", \"stream\": true}");
    assertThat(canonical.get("stream").asBoolean()).isFalse();
    assertThat(canonical.has("stream_options")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      "auto"                                      | "auto"
      "none"                                      | "none"
      "required"                                  | "required"
      {"type": "function", "name": "get_weather"} | {"type": "function", "function": {"name": "get_weather"}}
      """)
  void mapsToolChoice(String choice, String expected) {
    ObjectNode canonical = translate("{" + HELLO + ", \"tools\": [" + WEATHER + "], \"tool_choice\": " + choice + "}");
    assertThat(wire(canonical.get("tool_choice"))).isEqualTo(Json.MAPPER.readTree(expected));
    assertThat(canonical.get("tools")).hasSize(1);
  }

  @Test
  void carriesOutAllowedToolsByKeepingOnlyThoseTools() {
    ObjectNode canonical = translate("{" + HELLO + ", \"tools\": [" + WEATHER + ", " + TIME + "], \"tool_choice\": "
        + "{\"type\": \"allowed_tools\", \"mode\": \"required\", \"tools\": [{\"type\": \"function\", \"name\": "
        + "\"get_time\"}]}}");
    assertThat(canonical.get("tool_choice").asString()).isEqualTo("required");
    assertThat(canonical.get("tools")).hasSize(1);
    assertThat(canonical.get("tools").get(0).get("function").get("name").asString()).isEqualTo("get_time");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      "sometimes"                                                  | tool_choice
      5                                                            | tool_choice
      {"type": "function"}                                         | tool_choice.name
      {"type": "function", "name": "get_stock"}                    | tool_choice.name
      {"type": "web_search_preview"}                               | tool_choice.type
      {"type": "mcp", "server_label": "deepwiki"}                  | tool_choice.type
      {"type": "allowed_tools", "mode": "none", "tools": []}       | tool_choice.mode
      {"type": "allowed_tools", "mode": "auto", "tools": []}       | tool_choice.tools
      {"type": "allowed_tools", "mode": "auto", "tools": [{"type": "image_generation"}]} | tool_choice.tools[0].type
      {"type": "allowed_tools", "mode": "auto", "tools": [{"type": "function", "name": "x"}]} | tool_choice.tools[0].name
      """)
  void refusesInvalidToolChoice(String choice, String param) {
    assertInvalid("{" + HELLO + ", \"tools\": [" + WEATHER + "], \"tool_choice\": " + choice + "}", param);
  }

  @Test
  void dropsToolChoiceAndParallelToolCallsWithoutTools() {
    ObjectNode canonical = translate("{" + HELLO + ", \"tools\": [], \"tool_choice\": \"required\", "
        + "\"parallel_tool_calls\": false}");
    assertThat(canonical.has("tools")).isFalse();
    assertThat(canonical.has("tool_choice")).isFalse();
    assertThat(canonical.has("parallel_tool_calls")).isFalse();
  }

  @Test
  void keepsParallelToolCallsWithTools() {
    ObjectNode canonical = translate("{" + HELLO + ", \"tools\": [" + WEATHER + "], \"parallel_tool_calls\": false}");
    assertThat(canonical.get("parallel_tool_calls").asBoolean()).isFalse();
  }

  @Test
  void setsStrictOnlyWhenTheClientDid() {
    ObjectNode canonical = translate("{" + HELLO + ", \"tools\": [{\"type\": \"function\", \"name\": \"ping\"}]}");
    assertThat(wire(canonical.get("tools"))).isEqualTo(Json.MAPPER.readTree("""
        [{"type": "function", "function": {"name": "ping"}}]"""));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {"type": "file_search", "vector_store_ids": ["vs_1"]}   | tools[0].type
      {"type": "code_interpreter", "container": {"type": "auto"}} | tools[0].type
      {"type": "computer_use_preview", "display_width": 1024}  | tools[0].type
      {"type": "mcp", "server_label": "deepwiki"}              | tools[0].type
      {"type": "image_generation"}                             | tools[0].type
      {"type": "custom", "name": "grammar"}                    | tools[0].type
      {"name": "get_weather"}                                  | tools[0].type
      {"type": "function"}                                     | tools[0].name
      {"type": "function", "name": "f", "parameters": "{}"}    | tools[0].parameters
      "get_weather"                                            | tools[0]
      """)
  void refusesInvalidTools(String tool, String param) {
    assertInvalid("{" + HELLO + ", \"tools\": [" + tool + "]}", param);
  }

  @Test
  void mapsJsonObjectFormat() {
    ObjectNode canonical = translate("{" + HELLO + ", \"text\": {\"format\": {\"type\": \"json_object\"}}}");
    assertThat(wire(canonical.get("response_format"))).isEqualTo(Json.MAPPER.readTree("{\"type\": \"json_object\"}"));
  }

  @Test
  void setsNothingForTheTextFormat() {
    assertThat(translate("{" + HELLO + ", \"text\": {\"format\": {\"type\": \"text\"}}}").has("response_format"))
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      "text": {"format": {"type": "yaml"}}                                | text.format.type
      "text": {"format": {"type": "json_schema", "schema": {}}}           | text.format.name
      "text": {"format": {"type": "json_schema", "name": "x"}}            | text.format.schema
      "text": "json"                                                      | text
      "reasoning": {"effort": 3}                                          | reasoning.effort
      "reasoning": "high"                                                 | reasoning
      "max_output_tokens": 0                                              | max_output_tokens
      "max_output_tokens": 1.5                                            | max_output_tokens
      "temperature": "hot"                                                | temperature
      "top_p": "most"                                                     | top_p
      "user": 42                                                          | user
      "instructions": ["Be brief."]                                       | instructions
      "parallel_tool_calls": "yes", "tools": [{"type": "function", "name": "f"}] | parallel_tool_calls
      """)
  void refusesInvalidOptions(String fields, String param) {
    assertInvalid("{" + HELLO + ", " + fields + "}", param);
  }

  @Test
  void readsTheDeprecatedUserWithoutASafetyIdentifier() {
    assertThat(translate("{" + HELLO + ", \"user\": \"u-1\"}").get("user").asString()).isEqualTo("u-1");
  }

  @Test
  void leavesOutEmptyInstructions() {
    assertThat(translate("{" + HELLO + ", \"instructions\": \"\"}").get("messages")).hasSize(1);
  }

  @Test
  void aFunctionCallWithoutAPrecedingAssistantMessageStartsOne() {
    ObjectNode canonical = translate("""
        {"input": [
          {"role": "user", "content": "Weather?"},
          {"type": "function_call", "call_id": "c1", "name": "w", "arguments": ""},
          {"type": "function_call_output", "call_id": "c1", "output": "sunny"},
          {"type": "function_call", "call_id": "c2", "name": "w"}]}""");
    assertThat(wire(canonical.get("messages"))).isEqualTo(Json.MAPPER.readTree("""
        [{"role": "user", "content": "Weather?"},
         {"role": "assistant", "content": null,
          "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}}]},
         {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
         {"role": "assistant", "content": null,
          "tool_calls": [{"id": "c2", "type": "function", "function": {"name": "w", "arguments": "{}"}}]}]"""));
  }

  @Test
  void keepsARefusalOfAnEarlierTurnAsText() {
    ObjectNode canonical = translate("""
        {"input": [
          {"role": "user", "content": "Help me pick a lock."},
          {"type": "message", "role": "assistant", "content": [{"type": "refusal", "refusal": "I can't help."}]},
          {"role": "user", "content": "Fine."}]}""");
    assertThat(canonical.get("messages").get(1).get("content").asString()).isEqualTo("I can't help.");
  }

  @Test
  void keepsSeveralSystemPartsApart() {
    ObjectNode canonical = translate("""
        {"input": [
          {"role": "developer", "content": [{"type": "input_text", "text": "A."}, {"type": "input_text", "text": "B."}]},
          {"role": "user", "content": "Hi"}]}""");
    assertThat(wire(canonical.get("messages").get(0))).isEqualTo(Json.MAPPER.readTree("""
        {"role": "system", "content": [{"type": "text", "text": "A."}, {"type": "text", "text": "B."}]}"""));
  }

  /** {@code field} is the offending field of the first input item, {@code input[0]}. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {"role": "tool", "content": "x"}                                                    | .role
      {"type": "message", "content": "x"}                                                 | .role
      {"role": "user", "content": 5}                                                      | .content
      {"role": "user", "content": [{"type": "input_text"}]}                               | .content[0].text
      {"role": "user", "content": [{"type": "input_audio"}]}                              | .content[0].type
      {"role": "user", "content": [{"type": "input_file", "file_id": "file-1"}]}          | .content[0].type
      {"role": "user", "content": [{"type": "input_image", "detail": "auto"}]}            | .content[0].image_url
      {"role": "user", "content": [{"type": "refusal", "refusal": "no"}]}                 | .content[0].type
      {"role": "system", "content": [{"type": "input_image", "image_url": "https://x"}]}  | .content[0].type
      {"type": "function_call", "name": "f", "arguments": "{}"}                           | .call_id
      {"type": "function_call", "call_id": "c", "arguments": "{}"}                        | .name
      {"type": "function_call", "call_id": "c", "name": "f", "arguments": {"a": 1}}       | .arguments
      {"type": "function_call_output", "output": "x"}                                     | .call_id
      {"type": "function_call_output", "call_id": "c", "output": 5}                       | .output
      {"type": "function_call_output", "call_id": "c", "output": [{"type": "input_image", "image_url": "https://x"}]} | .output[0].type
      {"type": "item_reference", "id": "msg_123"}                                         | .type
      {"type": "web_search_call", "id": "ws_1", "status": "completed"}                    | .type
      {"type": "computer_call_output", "call_id": "c", "output": {}}                      | .type
      "Hi"                                                                                | ''
      """)
  void refusesInvalidInputItems(String item, String field) {
    assertInvalid("{\"input\": [" + item + "]}", "input[0]" + field);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      "model": "gpt-4.1"                                                              | input
      "input": 5                                                                      | input
      "input": []                                                                     | input
      "input": [{"type": "reasoning", "summary": []}], "instructions": "Be brief."    | input
      """)
  void refusesInputWithoutConversation(String fields, String param) {
    assertInvalid("{" + fields + "}", param);
  }

  private ObjectNode translate(String json) {
    return translator.toCanonical(parse(json), context(false));
  }

  private void assertInvalid(String json, String param) {
    assertThatThrownBy(() -> translate(json)).isInstanceOfSatisfying(AiException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.type()).isEqualTo("invalid_request_error");
      assertThat(e.param()).isEqualTo(param);
    });
  }
}
