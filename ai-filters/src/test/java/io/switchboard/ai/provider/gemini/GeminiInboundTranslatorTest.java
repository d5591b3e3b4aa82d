package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiFixtures.normalized;
import static io.switchboard.ai.provider.gemini.GeminiFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class GeminiInboundTranslatorTest {

  static final InboundContext CONTEXT = new InboundContext("gemini-2.5-flash", false, "resp-1", 1_700_000_000L);

  private final GeminiInboundTranslator translator = new GeminiInboundTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"chat-basic", "chat-function-calls", "chat-images", "chat-json-schema",
      "chat-json-json-schema", "chat-json-object", "chat-thinking", "chat-tool-config-allowed"})
  void translatesRequestsAsInTheGoldenFixtures(String fixture) {
    ObjectNode canonical = translator.toCanonical(object("inbound/" + fixture + ".gemini-request.json"), CONTEXT);

    assertThat(normalized(canonical)).isEqualTo(object("inbound/" + fixture + ".openai-request.json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"response-text", "response-function-calls", "response-length", "response-safety",
      "response-multi-candidates", "response-usage-details"})
  void translatesResponsesAsInTheGoldenFixtures(String fixture) {
    ObjectNode response = translator.fromCanonical(object("inbound/" + fixture + ".openai-response.json"), CONTEXT);

    assertThat(normalized(response)).isEqualTo(object("inbound/" + fixture + ".gemini-response.json"));
  }

  @Test
  void asksForUsageWhenStreaming() {
    InboundContext streaming = new InboundContext("gemini-2.5-pro", true, "resp-2", 1L);

    ObjectNode canonical = translator.toCanonical(request("{}"), streaming);

    assertThat(canonical.path("model").asString()).isEqualTo("gemini-2.5-pro");
    assertThat(canonical.path("stream").booleanValue()).isTrue();
    assertThat(canonical.path("stream_options")).isEqualTo(json("{\"include_usage\": true}"));
  }

  @ParameterizedTest
  @CsvSource({"0,", "-1,", "1,low", "2048,low", "2049,medium", "16384,medium", "16385,high", "32768,high"})
  void mapsTheThinkingBudgetToAReasoningEffort(int budget, String effort) {
    ObjectNode canonical = translator.toCanonical(
        request("{\"generationConfig\": {\"thinkingConfig\": {\"thinkingBudget\": " + budget + "}}}"), CONTEXT);

    assertThat(canonical.path("reasoning_effort").asString(null)).isEqualTo(effort);
  }

  @ParameterizedTest
  @CsvSource({"LOW,low", "high,high", "MINIMAL,minimal", "THINKING_LEVEL_UNSPECIFIED,"})
  void mapsTheThinkingLevelToAReasoningEffort(String level, String effort) {
    ObjectNode canonical = translator.toCanonical(
        request("{\"generationConfig\": {\"thinkingConfig\": {\"thinkingLevel\": \"" + level + "\"}}}"), CONTEXT);

    assertThat(canonical.path("reasoning_effort").asString(null)).isEqualTo(effort);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"mode\": \"AUTO\"}                                  | \"auto\"",
      "{\"mode\": \"ANY\"}                                   | \"required\"",
      "{\"mode\": \"NONE\"}                                  | \"none\"",
      "{\"mode\": \"VALIDATED\"}                             | \"auto\"",
      "{\"mode\": \"any\", \"allowedFunctionNames\": [\"g\"]} | {\"type\":\"function\",\"function\":{\"name\":\"g\"}}",
      "{\"mode\": \"MODE_UNSPECIFIED\"}                      | null",
      "{}                                                  | null"})
  void mapsTheFunctionCallingMode(String functionCallingConfig, String toolChoice) {
    ObjectNode canonical = translator.toCanonical(request("""
        {"tools": [{"functionDeclarations": [{"name": "f"}, {"name": "g"}]}],
         "toolConfig": {"functionCallingConfig": %s}}""".formatted(functionCallingConfig)), CONTEXT);

    assertThat(canonical.path("tools")).hasSize(2);
    assertThat(canonical.path("tool_choice").isMissingNode() ? json("null") : canonical.get("tool_choice"))
        .isEqualTo(json(toolChoice));
  }

  @Test
  void setsNoToolChoiceWithoutTools() {
    ObjectNode canonical = translator.toCanonical(
        request("{\"toolConfig\": {\"functionCallingConfig\": {\"mode\": \"NONE\"}}}"), CONTEXT);

    assertThat(canonical.has("tools")).isFalse();
    assertThat(canonical.has("tool_choice")).isFalse();
  }

  @Test
  void matchesFunctionResponsesByTheClientsIdsFirst() {
    ObjectNode canonical = translator.toCanonical((ObjectNode) json("""
        {"contents": [
          {"role": "user", "parts": [{"text": "Two lookups"}]},
          {"role": "model", "parts": [
            {"functionCall": {"id": "x1", "name": "lookup", "args": {"q": "a"}}},
            {"functionCall": {"id": "x2", "name": "lookup", "args": {"q": "b"}}}]},
          {"role": "user", "parts": [
            {"functionResponse": {"id": "x2", "name": "lookup", "response": {"r": "B"}}},
            {"functionResponse": {"name": "lookup", "response": {"r": "A"}}}]}
        ]}"""), CONTEXT);

    JsonNode messages = canonical.get("messages");
    assertThat(messages.at("/1/tool_calls/0/id").asString()).isEqualTo("x1");
    assertThat(messages.at("/2/tool_call_id").asString()).isEqualTo("x2");
    assertThat(messages.at("/2/content").asString()).isEqualTo("{\"r\":\"B\"}");
    assertThat(messages.at("/3/tool_call_id").asString()).isEqualTo("x1");
  }

  @Test
  void derivesToolCallIdsEveryProviderAccepts() {
    ObjectNode canonical = translator.toCanonical((ObjectNode) json("""
        {"contents": [
          {"role": "user", "parts": [{"text": "go"}]},
          {"role": "model", "parts": [{"functionCall": {"name": "ns.tools:find-it"}}]},
          {"role": "user", "parts": [{"functionResponse": {"name": "ns.tools:find-it", "response": {}}}]}
        ]}"""), CONTEXT);

    assertThat(canonical.at("/messages/1/tool_calls/0/id").asString()).isEqualTo("call_ns_tools_find-it_0");
    assertThat(canonical.at("/messages/2/tool_call_id").asString()).isEqualTo("call_ns_tools_find-it_0");
    assertThat(canonical.at("/messages/2/content").asString()).isEqualTo("{}");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidRequests")
  void rejectsInvalidRequestsNamingTheGeminiField(String body, String param) {
    assertThatThrownBy(() -> translator.toCanonical((ObjectNode) json(body), CONTEXT))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.type()).isEqualTo("invalid_request_error");
          assertThat(e.param()).isEqualTo(param);
        });
  }

  static Stream<Arguments> invalidRequests() {
    String hi = "\"contents\": [{\"parts\": [{\"text\": \"hi\"}]}]";
    return Stream.of(
        Arguments.of("{" + hi + ", \"tools\": [{\"googleSearch\": {}}]}", "tools[0].googleSearch"),
        Arguments.of("{" + hi + ", \"tools\": [{\"functionDeclarations\": [{\"name\": \"f\"}]}, "
            + "{\"codeExecution\": {}}]}", "tools[1].codeExecution"),
        Arguments.of("{" + hi + ", \"tools\": [{\"functionDeclarations\": [{\"description\": \"x\"}]}]}",
            "tools[0].functionDeclarations[0].name"),
        Arguments.of("{\"contents\": [{\"parts\": [{\"text\": \"read\"}, "
            + "{\"inlineData\": {\"mimeType\": \"application/pdf\", \"data\": \"JVBE\"}}]}]}", "contents[0].parts[1]"),
        Arguments.of("{\"contents\": [{\"parts\": [{\"fileData\": {\"mimeType\": \"video/mp4\", "
            + "\"fileUri\": \"https://example.com/v.mp4\"}}]}]}", "contents[0].parts[0]"),
        Arguments.of("{\"contents\": [{\"parts\": [{\"fileData\": {\"mimeType\": \"image/png\", "
            + "\"fileUri\": \"gs://bucket/a.png\"}}]}]}", "contents[0].parts[0].fileData.fileUri"),
        Arguments.of("{\"contents\": [{\"parts\": [{\"inlineData\": {\"data\": \"AAAA\"}}]}]}",
            "contents[0].parts[0].inlineData.mimeType"),
        Arguments.of("{}", "contents"),
        Arguments.of("{\"contents\": [{\"role\": \"user\", \"parts\": []}]}", "contents[0].parts"),
        Arguments.of("{\"contents\": [{\"role\": \"assistant\", \"parts\": [{\"text\": \"hi\"}]}]}",
            "contents[0].role"),
        Arguments.of("{\"contents\": [{\"parts\": [{\"text\": 5}]}]}", "contents[0].parts[0].text"),
        Arguments.of("{\"contents\": [{\"parts\": [{\"text\": \"hi\"}]}, {\"parts\": [{\"functionResponse\": "
            + "{\"name\": \"f\", \"response\": {}}}]}]}", "contents[1].parts[0].functionResponse.name"),
        Arguments.of("{\"contents\": [{\"parts\": [{\"functionCall\": {\"name\": \"f\"}}]}]}",
            "contents[0].parts[0].functionCall"),
        Arguments.of("{\"contents\": [{\"role\": \"model\", \"parts\": [{\"functionCall\": {\"name\": \"f\", "
            + "\"args\": [1]}}]}]}", "contents[0].parts[0].functionCall.args"),
        Arguments.of("{\"contents\": [{\"parts\": [{\"executableCode\": {\"code\": \"1\"}}]}]}",
            "contents[0].parts[0]"),
        Arguments.of("{\"contents\": [{\"role\": \"model\", \"parts\": [{\"text\": \"hm\", \"thought\": true}]}]}",
            "contents"),
        Arguments.of("{" + hi + ", \"systemInstruction\": {\"parts\": [{\"inlineData\": {}}]}}",
            "systemInstruction.parts[0]"),
        Arguments.of("{" + hi + ", \"generationConfig\": {\"temperature\": \"hot\"}}", "generationConfig.temperature"),
        Arguments.of("{" + hi + ", \"generationConfig\": {\"maxOutputTokens\": 1.5}}",
            "generationConfig.maxOutputTokens"),
        Arguments.of("{" + hi + ", \"generationConfig\": {\"responseMimeType\": \"text/x.enum\"}}",
            "generationConfig.responseMimeType"),
        Arguments.of("{" + hi + ", \"generationConfig\": {\"responseSchema\": {\"type\": \"STRING\"}}}",
            "generationConfig.responseMimeType"),
        Arguments.of("{" + hi + ", \"generationConfig\": {\"responseModalities\": [\"TEXT\", \"IMAGE\"]}}",
            "generationConfig.responseModalities[1]"),
        Arguments.of("{" + hi + ", \"generationConfig\": {\"thinkingConfig\": {\"thinkingBudget\": -2}}}",
            "generationConfig.thinkingConfig.thinkingBudget"),
        Arguments.of("{" + hi + ", \"tools\": [{\"functionDeclarations\": [{\"name\": \"f\"}]}], "
            + "\"toolConfig\": {\"functionCallingConfig\": {\"mode\": \"ANY\", \"allowedFunctionNames\": [\"g\"]}}}",
            "toolConfig.functionCallingConfig.allowedFunctionNames[0]"),
        Arguments.of("{" + hi + ", \"tools\": [{\"functionDeclarations\": [{\"name\": \"f\"}]}], "
            + "\"toolConfig\": {\"functionCallingConfig\": {\"mode\": \"AUTO\", \"allowedFunctionNames\": [\"f\"]}}}",
            "toolConfig.functionCallingConfig.allowedFunctionNames"),
        Arguments.of("{" + hi + ", \"toolConfig\": {\"functionCallingConfig\": {\"mode\": \"SOMETIMES\"}}}",
            "toolConfig.functionCallingConfig.mode"),
        Arguments.of("{" + hi + ", \"cachedContent\": \"cachedContents/abc\"}", "cachedContent"));
  }

  @ParameterizedTest
  @CsvSource({"400,INVALID_ARGUMENT", "401,UNAUTHENTICATED", "403,PERMISSION_DENIED", "404,NOT_FOUND",
      "413,INVALID_ARGUMENT", "429,RESOURCE_EXHAUSTED", "500,INTERNAL", "502,UNAVAILABLE", "503,UNAVAILABLE",
      "504,DEADLINE_EXCEEDED", "418,FAILED_PRECONDITION", "507,INTERNAL"})
  void answersErrorsWithGoogleStatusNames(int status, String name) {
    ObjectNode body = translator.error(new AiException(status, "server_error", null, null, "Nope.", null));

    assertThat(normalized(body)).isEqualTo(json("""
        {"error": {"code": %d, "message": "Nope.", "status": "%s"}}""".formatted(status, name)));
  }

  @Test
  void namesTheOffendingFieldInABadRequestDetail() {
    ObjectNode body = translator.error(AiException.invalidRequest("Only image parts are supported.",
        "contents[0].parts[1]"));

    assertThat(normalized(body)).isEqualTo(json("""
        {"error": {"code": 400, "message": "Only image parts are supported.", "status": "INVALID_ARGUMENT",
          "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [
            {"field": "contents[0].parts[1]", "description": "Only image parts are supported."}]}]}}"""));
  }

  @Test
  void tellsWhenToRetryOnlyInSeconds() {
    ObjectNode seconds = translator.error(AiException.rateLimited("Slow down.", "12"));
    ObjectNode date = translator.error(AiException.rateLimited("Slow down.", "Wed, 21 Oct 2015 07:28:00 GMT"));

    assertThat(seconds.at("/error/details/0/retryDelay").asString()).isEqualTo("12s");
    assertThat(date.at("/error").has("details")).isFalse();
  }

  @Test
  void omitsUsageMetadataWhenTheCompletionHasNoUsage() {
    ObjectNode completion = object("inbound/response-text.openai-response.json");
    completion.remove("usage");

    assertThat(translator.fromCanonical(completion, CONTEXT).has("usageMetadata")).isFalse();
  }

  @Test
  void rejectsToolArgumentsThatAreNotAJsonObject() {
    ObjectNode completion = object("inbound/response-function-calls.openai-response.json");
    ((ObjectNode) completion.at("/choices/0/message/tool_calls/0/function")).put("arguments", "[1, 2]");

    assertThatThrownBy(() -> translator.fromCanonical(completion, CONTEXT))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  @Test
  void isStatelessAcrossCalls() {
    ObjectNode request = object("inbound/chat-function-calls.gemini-request.json");

    assertThat(translator.toCanonical(request, CONTEXT)).isEqualTo(translator.toCanonical(request, CONTEXT));
    assertThat(request).isEqualTo(object("inbound/chat-function-calls.gemini-request.json"));
  }

  /** A one-turn request with the given extra fields. */
  private static ObjectNode request(String extra) {
    ObjectNode request = (ObjectNode) json(extra);
    request.set("contents", json("[{\"role\": \"user\", \"parts\": [{\"text\": \"hi\"}]}]"));
    return request;
  }

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }
}
