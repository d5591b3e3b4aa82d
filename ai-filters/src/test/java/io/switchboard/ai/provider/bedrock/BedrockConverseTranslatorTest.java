package io.switchboard.ai.provider.bedrock;

import static io.switchboard.ai.provider.bedrock.BedrockFixtures.context;
import static io.switchboard.ai.provider.bedrock.BedrockFixtures.json;
import static io.switchboard.ai.provider.bedrock.BedrockFixtures.normalized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

final class BedrockConverseTranslatorTest {

  private final BedrockConverseTranslator translator = new BedrockConverseTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"chat-plain", "chat-tools", "chat-json-schema"})
  void translatesRequests(String name) {
    UpstreamRequest upstream = translator.toUpstream((ObjectNode) json(name + ".openai-request.json"),
        context(false, false));

    assertThat(normalized(upstream.body())).isEqualTo(json(name + ".bedrock-request.json"));
    assertThat(upstream.path()).isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
  }

  @Test
  void usesTheStreamPathAndEncodesTheModelIdAsOneSegment() {
    assertThat(BedrockRequestMapper.path("arn:aws:bedrock:us-east-1:123:inference-profile/us.x y", true))
        .isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fus.x%20y/converse-stream");
  }

  @ParameterizedTest
  @ValueSource(strings = {"response-text", "response-tool-use", "response-json"})
  void translatesResponses(String name) {
    assertThat(normalized(translator.fromUpstream(json(name + ".bedrock.json"), context(false, false))))
        .isEqualTo(json(name + ".openai.json"));
  }

  @Test
  void reasoningBlocksBecomeReasoningContent() {
    tools.jackson.databind.JsonNode message = translator.fromUpstream(Json.MAPPER.readTree("""
        {"output":{"message":{"role":"assistant","content":[
          {"reasoningContent":{"reasoningText":{"text":"Six times seven.","signature":"EqQBsig"}}},
          {"reasoningContent":{"redactedContent":"ZW5jcnlwdGVk"}},
          {"text":"42"}]}},"stopReason":"end_turn","usage":{"inputTokens":5,"outputTokens":9}}"""),
        context(false, false)).path("choices").path(0).path("message");
    assertThat(message.path("reasoning_content").asString()).isEqualTo("Six times seven.");
    assertThat(message.path("content").asString()).isEqualTo("42");
  }

  @Test
  void readsUsageWithCacheTokensCountedAsPrompt() {
    assertThat(translator.usageOf(json("response-tool-use.bedrock.json")))
        .isEqualTo(new TokenUsage(400, 40, 80, 20, 0));
  }

  @ParameterizedTest
  @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls",
      "guardrail_intervened,content_filter", "content_filtered,content_filter", "something_new,stop"})
  void mapsStopReasons(String stopReason, String finishReason) {
    assertThat(BedrockResponseMapper.finishReason(stopReason, true)).isEqualTo(finishReason);
  }

  @Test
  void rejectsRemoteImageUrls() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("""
        {"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""");

    assertThatThrownBy(() -> translator.toUpstream(request, context(false, false)))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo("messages[0].content[0].image_url.url");
        });
  }

  @Test
  void rejectsTheReservedToolNameAndBadArguments() {
    ObjectNode reserved = (ObjectNode) Json.MAPPER.readTree("""
        {"messages":[{"role":"user","content":"hi"}],
         "tools":[{"type":"function","function":{"name":"json_response"}}]}""");
    assertThatThrownBy(() -> translator.toUpstream(reserved, context(false, false)))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.param()).isEqualTo("tools[0].function.name"));

    ObjectNode badArguments = (ObjectNode) Json.MAPPER.readTree("""
        {"messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":"{"}}]}]}""");
    assertThatThrownBy(() -> translator.toUpstream(badArguments, context(false, false)))
        .isInstanceOfSatisfying(AiException.class,
            e -> assertThat(e.param()).isEqualTo("messages[0].tool_calls[0].function.arguments"));
  }

  @Test
  void dropsTheToolsWhenTheClientChoseNone() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("""
        {"messages":[{"role":"user","content":"hi"}], "tool_choice":"none",
         "tools":[{"type":"function","function":{"name":"f"}}]}""");

    assertThat(translator.toUpstream(request, context(false, false)).body().has("toolConfig")).isFalse();
  }

  @Test
  void forcesTheJsonAnswerToolWhenTheClientChoseNone() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("""
        {"messages":[{"role":"user","content":"hi"}], "tool_choice":"none", "response_format":{"type":"json_object"},
         "tools":[{"type":"function","function":{"name":"f"}}]}""");

    ObjectNode toolConfig = (ObjectNode) translator.toUpstream(request, context(false, false)).body().get("toolConfig");

    assertThat(toolConfig.get("tools")).hasSize(1);
    assertThat(toolConfig.get("toolChoice")).isEqualTo(Json.MAPPER.readTree("{\"tool\":{\"name\":\"json_response\"}}"));
  }

  @Test
  void forcesAnyToolForAJsonAnswerWhenClientToolsMayBeCalled() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("""
        {"messages":[{"role":"user","content":"hi"}], "response_format":{"type":"json_object"},
         "tools":[{"type":"function","function":{"name":"f"}}]}""");

    ObjectNode toolConfig = (ObjectNode) translator.toUpstream(request, context(false, false)).body().get("toolConfig");

    assertThat(toolConfig.get("toolChoice")).isEqualTo(Json.MAPPER.readTree("{\"any\":{}}"));
    assertThat(toolConfig.get("tools").get(1).path("toolSpec").path("name").asString()).isEqualTo("json_response");
  }
}
