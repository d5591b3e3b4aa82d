package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.context;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.object;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class AnthropicRequestTranslationTest {

  private static final String WEATHER_TOOL = """
      {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}""";

  private final AnthropicChatTranslator translator = new AnthropicChatTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"chat-basic", "chat-dropped-fields", "chat-system", "chat-tools-multiturn", "chat-images",
      "chat-json-schema", "chat-json-object-tools", "chat-sampling-stream"})
  void translatesGoldenRequests(String name) {
    ObjectNode request = object(name + ".openai-request.json");
    ObjectNode original = request.deepCopy();
    boolean stream = request.path("stream").asBoolean(false);
    boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);

    UpstreamRequest upstream = translator.toUpstream(request, context(stream, includeUsage));

    assertThat(upstream.path()).isEqualTo("/v1/messages");
    assertThat(wire(upstream.body())).isEqualTo(AnthropicFixtures.json(name + ".anthropic-request.json"));
    assertThat(request).as("the client's request is left untouched").isEqualTo(original);
  }

  @Test
  void singleSystemTextBecomesAString() {
    JsonNode body = translate("""
        {"messages": [
          {"role": "developer", "content": [{"type": "text", "text": "Be brief."}]},
          {"role": "user", "content": "Hi"}]}""");
    assertThat(body.get("system").isString()).isTrue();
    assertThat(body.get("system").asString()).isEqualTo("Be brief.");
  }

  @Test
  void mergesConsecutiveUserMessagesIntoOneTurn() {
    JsonNode body = translate("""
        {"messages": [{"role": "user", "content": "First"}, {"role": "user", "content": "Second"}]}""");
    assertThat(wire(body.get("messages"))).isEqualTo(Json.MAPPER.readTree("""
        [{"role": "user", "content": [{"type": "text", "text": "First"}, {"type": "text", "text": "Second"}]}]"""));
  }

  @Test
  void defaultsMaxTokensFromContext() {
    assertThat(translate("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").get("max_tokens").asInt())
        .isEqualTo(AnthropicFixtures.DEFAULT_MAX_TOKENS);
  }

  @Test
  void prefersMaxCompletionTokens() {
    JsonNode body = translate("""
        {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 10, "max_completion_tokens": 20}""");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(20);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "0.7, 0.7", "1, 1", "1.2, 1.0", "2, 1.0"})
  void clampsTemperatureToAnthropicsRange(String given, double sent) {
    JsonNode body = translate("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"temperature\": "
        + given + "}");
    assertThat(body.get("temperature").doubleValue()).isEqualTo(sent);
  }

  @Test
  void mapsStopArrayToStopSequences() {
    JsonNode body = translate("""
        {"messages": [{"role": "user", "content": "Hi"}], "stop": ["END", "###"]}""");
    assertThat(wire(body.get("stop_sequences"))).isEqualTo(Json.MAPPER.readTree("[\"END\", \"###\"]"));
  }

  @Test
  void omitsStreamFlagWhenNotStreaming() {
    assertThat(translate("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").has("stream")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"auto\"                                               | {\"type\":\"auto\"}",
      "\"required\"                                           | {\"type\":\"any\"}",
      "\"none\"                                               | {\"type\":\"none\"}",
      "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}} | {\"type\":\"tool\",\"name\":\"get_weather\"}"})
  void mapsToolChoice(String openAi, String anthropic) {
    JsonNode body = translate("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": ["
        + WEATHER_TOOL + "], \"tool_choice\": " + openAi + "}");
    assertThat(wire(body.get("tool_choice"))).isEqualTo(Json.MAPPER.readTree(anthropic));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "                  | {\"type\":\"auto\",\"disable_parallel_tool_use\":true}",
      ",\"tool_choice\":\"required\" | {\"type\":\"any\",\"disable_parallel_tool_use\":true}",
      ",\"tool_choice\":\"none\"     | {\"type\":\"none\"}"})
  void disablesParallelToolUse(String choice, String anthropic) {
    JsonNode body = translate("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": ["
        + WEATHER_TOOL + "], \"parallel_tool_calls\": false" + (choice == null ? "" : choice) + "}");
    assertThat(wire(body.get("tool_choice"))).isEqualTo(Json.MAPPER.readTree(anthropic));
  }

  @Test
  void dropsToolChoiceWithoutTools() {
    JsonNode body = translate("""
        {"messages": [{"role": "user", "content": "Hi"}], "tools": [], "tool_choice": "auto",
         "parallel_tool_calls": false}""");
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
  }

  @Test
  void jsonResponseIsForcedWhenClientChoseNoTool() {
    JsonNode body = translate("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": ["
        + WEATHER_TOOL + "], \"tool_choice\": \"none\", \"response_format\": {\"type\": \"json_object\"}}");
    assertThat(wire(body.get("tool_choice")))
        .isEqualTo(Json.MAPPER.readTree("{\"type\":\"tool\",\"name\":\"json_response\"}"));
    assertThat(body.get("tools").get(1).get("name").asString()).isEqualTo(AnthropicChatTranslator.JSON_RESPONSE_TOOL);
  }

  @Test
  void clientsSpecificToolChoiceSurvivesResponseFormat() {
    JsonNode body = translate("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": ["
        + WEATHER_TOOL + "], \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"get_weather\"}},"
        + " \"response_format\": {\"type\": \"json_object\"}}");
    assertThat(wire(body.get("tool_choice")))
        .isEqualTo(Json.MAPPER.readTree("{\"type\":\"tool\",\"name\":\"get_weather\"}"));
  }

  @Test
  void refusesMoreThanOneChoice() {
    assertInvalid("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"n\": 2}", "n")
        .hasMessageContaining("n > 1 not supported by Anthropic");
  }

  @Test
  void acceptsOneChoice() {
    assertThat(translate("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"n\": 1}").has("n")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\\\"city\\\": ", "[1, 2]", "\\\"Paris\\\"", "not json"})
  void refusesToolArgumentsThatAreNotAJsonObject(String arguments) {
    assertInvalid("""
        {"messages": [
          {"role": "user", "content": "Weather?"},
          {"role": "assistant", "tool_calls": [
            {"id": "toolu_1", "type": "function", "function": {"name": "get_weather", "arguments": "%s"}}]}]}"""
        .formatted(arguments), "messages[1].tool_calls[0].function.arguments");
  }

  @Test
  void refusesUnsupportedContentParts() {
    assertInvalid("""
        {"messages": [
          {"role": "system", "content": "Transcribe."},
          {"role": "user", "content": "Ready?"},
          {"role": "user", "content": [
            {"type": "text", "text": "Here:"},
            {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}}]}]}""",
        "messages[2].content[1].type");
  }

  @Test
  void refusesImagesInSystemMessages() {
    assertInvalid("""
        {"messages": [
          {"role": "system", "content": [{"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}]},
          {"role": "user", "content": "Hi"}]}""", "messages[0].content[0].type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"data:image/png,iVBORw0KGgo=", "data:;base64,iVBORw0KGgo=", "ftp://x.test/a.png"})
  void refusesImageUrlsAnthropicCannotFetch(String url) {
    assertInvalid("""
        {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "%s"}}]}]}"""
        .formatted(url), "messages[0].content[0].image_url.url");
  }

  @Test
  void reservesTheJsonResponseToolName() {
    assertInvalid("""
        {"messages": [{"role": "user", "content": "Hi"}],
         "tools": [{"type": "function", "function": {"name": "json_response"}}]}""", "tools[0].function.name");
  }

  @Test
  void refusesNonFunctionTools() {
    assertInvalid("""
        {"messages": [{"role": "user", "content": "Hi"}], "tools": [{"type": "web_search_preview"}]}""",
        "tools[0].type");
  }

  @Test
  void refusesUnknownRoles() {
    assertInvalid("""
        {"messages": [{"role": "function", "name": "f", "content": "{}"}]}""", "messages[0].role");
  }

  @Test
  void refusesAConversationOfSystemMessagesOnly() {
    assertInvalid("{\"messages\": [{\"role\": \"system\", \"content\": \"Be nice.\"}]}", "messages");
  }

  private JsonNode translate(String request) {
    return translator.toUpstream(AnthropicFixtures.parse(request), context(false, false)).body();
  }

  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String request,
      String param) {
    return assertThatThrownBy(() -> translate(request))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.type()).isEqualTo("invalid_request_error");
          assertThat(e.param()).isEqualTo(param);
        });
  }
}
