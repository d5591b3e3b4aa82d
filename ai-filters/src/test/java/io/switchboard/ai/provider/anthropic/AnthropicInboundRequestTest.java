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
import io.switchboard.ai.provider.spi.InboundContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class AnthropicInboundRequestTest {

  private static final String HELLO = "\"max_tokens\": 100, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]";
  private static final String WEATHER_TOOL = """
      {"name": "get_weather", "input_schema": {"type": "object"}}""";

  private final AnthropicInboundTranslator translator = new AnthropicInboundTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"request-basic", "request-tools-multiturn", "request-images", "request-thinking-stream",
      "request-structured-output"})
  void translatesGoldenRequests(String name) {
    ObjectNode request = object(name + ".anthropic.json");
    ObjectNode original = request.deepCopy();

    ObjectNode canonical = translator.toCanonical(request, context(request.path("stream").asBoolean(false)));

    assertThat(wire(canonical)).isEqualTo(json(name + ".canonical.json"));
    assertThat(request).as("the client's request is left untouched").isEqualTo(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {"request-server-tool", "request-missing-max-tokens", "request-document"})
  void refusesGoldenInvalidRequests(String name) {
    JsonNode expected = json(name + ".error.json");
    assertThatThrownBy(() -> translator.toCanonical(object(name + ".anthropic.json"), context(false)))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(expected.get("status").asInt());
          assertThat(e.type()).isEqualTo(expected.get("type").asString());
          assertThat(e.param()).isEqualTo(expected.get("param").asString());
        });
  }

  @Test
  void takesModelAndStreamFromTheContextNotTheBody() {
    ObjectNode canonical = translator.toCanonical(
        parse("{\"model\": \"claude-x\", \"stream\": false, " + HELLO + "}"),
        new InboundContext("routed-model", true, "msg_1", 1L));
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
      {"type": "auto"}                         | "auto"
      {"type": "any"}                          | "required"
      {"type": "none"}                         | "none"
      {"type": "tool", "name": "get_weather"}  | {"type": "function", "function": {"name": "get_weather"}}
      """)
  void mapsToolChoice(String choice, String expected) {
    ObjectNode canonical = translate("{" + HELLO + ", \"tools\": [" + WEATHER_TOOL + "], \"tool_choice\": " + choice
        + "}");
    assertThat(wire(canonical.get("tool_choice"))).isEqualTo(Json.MAPPER.readTree(expected));
    assertThat(canonical.has("parallel_tool_calls")).isFalse();
  }

  @Test
  void disablingParallelToolUseForbidsParallelToolCalls() {
    ObjectNode canonical = translate("{" + HELLO + ", \"tools\": [" + WEATHER_TOOL
        + "], \"tool_choice\": {\"type\": \"any\", \"disable_parallel_tool_use\": true}}");
    assertThat(canonical.get("tool_choice").asString()).isEqualTo("required");
    assertThat(canonical.get("parallel_tool_calls").asBoolean()).isFalse();
  }

  @Test
  void dropsToolChoiceWithoutTools() {
    ObjectNode canonical = translate("{" + HELLO + ", \"tools\": [], \"tool_choice\": {\"type\": \"any\"}}");
    assertThat(canonical.has("tools")).isFalse();
    assertThat(canonical.has("tool_choice")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"{\"type\": \"tool\"}, tool_choice.name", "{\"type\": \"sometimes\"}, tool_choice.type",
      "\"auto\", tool_choice"})
  void refusesInvalidToolChoice(String choice, String param) {
    assertInvalid("{" + HELLO + ", \"tools\": [" + WEATHER_TOOL + "], \"tool_choice\": " + choice + "}", param);
  }

  @Test
  void keepsStrictToolsAndDefaultsNothingElse() {
    ObjectNode canonical = translate("{" + HELLO + ", \"tools\": [{\"name\": \"lookup\", \"strict\": true, "
        + "\"input_schema\": {\"type\": \"object\"}}]}");
    assertThat(wire(canonical.get("tools"))).isEqualTo(Json.MAPPER.readTree("""
        [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}, "strict": true}}]"""));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"{\"name\": \"x\"} | tools[0].input_schema",
      "{\"input_schema\": {}} | tools[0].name", "{\"type\": \"bash_20250124\", \"name\": \"bash\"} | tools[0].type",
      "\"get_weather\" | tools[0]"})
  void refusesInvalidTools(String tool, String param) {
    assertInvalid("{" + HELLO + ", \"tools\": [" + tool + "]}", param);
  }

  @ParameterizedTest
  @CsvSource({"1024, low", "2047, low", "2048, medium", "16383, medium", "16384, high", "64000, high"})
  void bucketsTheThinkingBudgetIntoAnEffort(long budget, String effort) {
    ObjectNode canonical = translate("{" + HELLO + ", \"thinking\": {\"type\": \"enabled\", \"budget_tokens\": "
        + budget + "}}");
    assertThat(canonical.get("reasoning_effort").asString()).isEqualTo(effort);
  }

  @ParameterizedTest
  @ValueSource(strings = {"disabled", "adaptive"})
  void setsNoEffortWhenThinkingIsNotEnabled(String type) {
    assertThat(translate("{" + HELLO + ", \"thinking\": {\"type\": \"" + type + "\"}}").has("reasoning_effort"))
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource({"{\"type\": \"enabled\"}, thinking.budget_tokens", "{\"type\": \"always\"}, thinking.type"})
  void refusesInvalidThinking(String thinking, String param) {
    assertInvalid("{" + HELLO + ", \"thinking\": " + thinking + "}", param);
  }

  @Test
  void readsTheGenerallyAvailableOutputConfigFormat() {
    ObjectNode canonical = translate("{" + HELLO + ", \"output_config\": {\"format\": {\"type\": \"json_schema\", "
        + "\"schema\": {\"type\": \"object\"}}}}");
    assertThat(wire(canonical.get("response_format"))).isEqualTo(Json.MAPPER.readTree("""
        {"type": "json_schema", "json_schema": {"name": "output", "schema": {"type": "object"}}}"""));
  }

  @Test
  void refusesAnUnknownOutputFormat() {
    assertInvalid("{" + HELLO + ", \"output_format\": {\"type\": \"yaml\"}}", "output_format.type");
  }

  @Test
  void refusesMcpServers() {
    assertInvalid("{" + HELLO + ", \"mcp_servers\": [{\"type\": \"url\", \"url\": \"https://mcp.example.com\", "
        + "\"name\": \"x\"}]}", "mcp_servers");
  }

  @ParameterizedTest
  @CsvSource({"0", "-5", "1.5", "\"100\""})
  void refusesInvalidMaxTokens(String value) {
    assertInvalid("{\"max_tokens\": " + value + ", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}",
        "max_tokens");
  }

  @Test
  void dropsAssistantTurnsHoldingOnlyThinking() {
    ObjectNode canonical = translate("""
        {"max_tokens": 100, "messages": [
          {"role": "user", "content": "Hi"},
          {"role": "assistant", "content": [{"type": "thinking", "thinking": "hmm", "signature": "sig"}]},
          {"role": "user", "content": "Still there?"}]}""");
    assertThat(canonical.get("messages")).hasSize(2);
  }

  @Test
  void aUserTurnOfOnlyToolResultsBecomesOnlyToolMessages() {
    ObjectNode canonical = translate("""
        {"max_tokens": 100, "messages": [
          {"role": "user", "content": "Weather?"},
          {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "w", "input": {"c": 1}}]},
          {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1"}]}]}""");
    assertThat(wire(canonical.get("messages").get(2))).isEqualTo(Json.MAPPER.readTree("""
        {"role": "tool", "tool_call_id": "t1", "content": ""}"""));
    assertThat(canonical.get("messages")).hasSize(3);
  }

  @Test
  void leavesOutEmptySystemPrompts() {
    assertThat(translate("{" + HELLO + ", \"system\": \"\"}").get("messages").get(0).get("role").asString())
        .isEqualTo("user");
    assertThat(translate("{" + HELLO + ", \"system\": []}").get("messages")).hasSize(1);
  }

  @Test
  void aSingleSystemBlockBecomesAString() {
    JsonNode system = translate("{" + HELLO + ", \"system\": [{\"type\": \"text\", \"text\": \"Be brief.\"}]}")
        .get("messages").get(0);
    assertThat(system.get("role").asString()).isEqualTo("system");
    assertThat(system.get("content").asString()).isEqualTo("Be brief.");
  }

  /** {@code field} is the offending field of the message's only block, {@code messages[0].content[0]}. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      user      | {"type": "text"}                                                | text
      user      | {"type": "tool_use", "id": "a", "name": "b"}                    | type
      user      | {"type": "search_result"}                                       | type
      assistant | {"type": "image"}                                               | type
      assistant | {"type": "tool_use", "name": "b"}                               | id
      assistant | {"type": "tool_use", "id": "a", "name": "b", "input": [1]}      | input
      user      | {"type": "image", "source": {"type": "file", "file_id": "f"}}   | source.type
      user      | {"type": "image", "source": {"type": "base64", "data": "AA=="}} | source.media_type
      user      | {"type": "tool_result"}                                         | tool_use_id
      user      | {"type": "tool_result", "tool_use_id": "t", "content": [{"type": "image"}]} | content[0].type
      """)
  void refusesInvalidBlocks(String role, String block, String field) {
    String message = "{\"role\": \"" + role + "\", \"content\": [" + block + "]}";
    assertInvalid("{\"max_tokens\": 100, \"messages\": [" + message + "]}", "messages[0].content[0]." + field);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      "messages": []                                                               | messages
      "messages": {}                                                               | messages
      "messages": [{"role": "system", "content": "x"}]                             | messages[0].role
      "messages": [{"role": "user", "content": 5}]                                 | messages[0].content
      "messages": [{"role": "user", "content": "x"}], "system": [{"type": "image"}] | system[0].type
      "messages": [{"role": "user", "content": "x"}], "stop_sequences": ["a", 1]    | stop_sequences[1]
      "messages": [{"role": "user", "content": "x"}], "temperature": "hot"          | temperature
      """)
  void refusesInvalidTopLevelFields(String fields, String param) {
    assertInvalid("{\"max_tokens\": 100, " + fields + "}", param);
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
