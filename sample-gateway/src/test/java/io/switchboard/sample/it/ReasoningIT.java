package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reasoning carried across dialects where both sides have it: an Anthropic client's extended thinking reaches Gemini
 * as a thinking budget and Gemini's thoughts come back as thinking blocks; Anthropic's streamed thinking reaches a
 * Gemini client as thought parts and a Responses client as a reasoning item; an OpenAI client's reasoning_effort
 * asks Anthropic, Claude on Bedrock and a Cohere reasoning model for thinking, in their wire forms, and gets it back
 * as reasoning_content.
 */
final class ReasoningIT extends GatewayIT {

  private static final String GEMINI_THOUGHTS = """
      {"candidates":[{"content":{"role":"model","parts":[{"text":"Six times seven.","thought":true},
       {"text":"42"}]},"finishReason":"STOP"}],
       "usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":1,"thoughtsTokenCount":4,"totalTokenCount":12}}""";

  private static final String ANTHROPIC_THINKING = """
      {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[
       {"type":"thinking","thinking":"Six times seven.","signature":"EqQBsig"},{"type":"text","text":"42"}],
       "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":7,"output_tokens":9}}""";

  private static final String BEDROCK_REASONING = """
      {"output":{"message":{"role":"assistant","content":[
       {"reasoningContent":{"reasoningText":{"text":"Six times seven.","signature":"EqQBsig"}}},{"text":"42"}]}},
       "stopReason":"end_turn","usage":{"inputTokens":7,"outputTokens":9,"totalTokens":16}}""";

  private static final String COHERE_THINKING = """
      {"id":"c1","finish_reason":"COMPLETE","message":{"role":"assistant","content":[
       {"type":"thinking","thinking":"Six times seven."},{"type":"text","text":"42"}]},
       "usage":{"billed_units":{"input_tokens":7,"output_tokens":9},"tokens":{"input_tokens":7,"output_tokens":9}}}""";

  private static List<String> anthropicThinkingStream() {
    return List.of(
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"thinking_delta\",\"thinking\":\"Six times seven.\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"signature_delta\",\"signature\":\"EqQBsig\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + "{\"type\":\"text\",\"text\":\"\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":\"42\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
        event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":9}}"),
        event("message_stop", "{\"type\":\"message_stop\"}"));
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  @Test
  void anthropicThinkingReachesGeminiAndItsThoughtsComeBackAsThinking() throws Exception {
    upstream.on("/v1beta/models/gemini-2.5-flash:generateContent", FakeUpstream.json(200, GEMINI_THOUGHTS));

    HttpResponse<String> response = post("/v1/messages", """
        {"model":"gemini-2.5-flash","max_tokens":16000,"thinking":{"type":"enabled","budget_tokens":8000},
         "messages":[{"role":"user","content":"6*7?"}]}""", "x-api-key", CLIENT_KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode content = Json.MAPPER.readTree(response.body()).path("content");
    assertThat(content.path(0).path("type").asString()).isEqualTo("thinking");
    assertThat(content.path(0).path("thinking").asString()).isEqualTo("Six times seven.");
    assertThat(content.path(1).path("text").asString()).isEqualTo("42");
    JsonNode thinkingConfig = Json.MAPPER.readTree(upstream.lastRequest().body()).path("generationConfig")
        .path("thinkingConfig");
    assertThat(thinkingConfig.path("includeThoughts").asBoolean()).isTrue();
    assertThat(thinkingConfig.path("thinkingBudget").asInt()).isEqualTo(8192);
  }

  @Test
  void anthropicStreamedThinkingReachesAGeminiClientAsThoughtParts() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.sse(anthropicThinkingStream(), Duration.ZERO));

    HttpResponse<String> response = post("/v1beta/models/claude-sonnet-4-5:streamGenerateContent?alt=sse",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"6*7?\"}]}],\"generationConfig\":"
            + "{\"maxOutputTokens\":16000,\"thinkingConfig\":{\"thinkingBudget\":4096,\"includeThoughts\":true}}}",
        "x-goog-api-key", CLIENT_KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> parts = new ArrayList<>();
    for (String block : response.body().split("\n\n")) {
      Json.MAPPER.readTree(block.substring("data: ".length())).path("candidates").path(0).path("content")
          .path("parts").forEach(parts::add);
    }
    assertThat(parts.get(0).path("thought").asBoolean()).isTrue();
    assertThat(parts.get(0).path("text").asString()).isEqualTo("Six times seven.");
    assertThat(parts).last().extracting(p -> p.path("text").asString()).isEqualTo("42");
    assertThat(Json.MAPPER.readTree(upstream.lastRequest().body()).path("thinking").path("budget_tokens").asInt())
        .isEqualTo(8192);
  }

  @Test
  void openAiReasoningEffortAsksAnthropicForThinking() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.json(200, ANTHROPIC_THINKING));

    HttpResponse<String> response = post("/v1/chat/completions", """
        {"model":"claude-sonnet-4-5","max_tokens":16000,"reasoning_effort":"low",
         "messages":[{"role":"user","content":"6*7?"}]}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode message = Json.MAPPER.readTree(response.body()).path("choices").path(0).path("message");
    assertThat(message.path("reasoning_content").asString()).isEqualTo("Six times seven.");
    assertThat(message.path("content").asString()).isEqualTo("42");
    assertThat(Json.MAPPER.readTree(upstream.lastRequest().body()).path("thinking").path("budget_tokens").asInt())
        .isEqualTo(1024);
  }

  @Test
  void anthropicStreamedThinkingReachesAResponsesClientAsAReasoningItem() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.sse(anthropicThinkingStream(), Duration.ZERO));

    List<TimedLine> lines = stream("/v1/responses", """
        {"model":"claude-sonnet-4-5","stream":true,"max_output_tokens":16000,"reasoning":{"effort":"medium"},
         "input":"6*7?"}""");

    List<String> types = lines.stream().map(l -> Json.MAPPER.readTree(l.data()).path("type").asString()).toList();
    assertThat(types).containsSubsequence("response.output_item.added", "response.reasoning_text.delta",
        "response.reasoning_text.done", "response.output_item.done", "response.output_text.delta",
        "response.completed");
    JsonNode completed = Json.MAPPER.readTree(lines.get(lines.size() - 1).data()).path("response");
    assertThat(completed.path("output").path(0).path("type").asString()).isEqualTo("reasoning");
    assertThat(completed.path("output").path(0).path("content").path(0).path("text").asString())
        .isEqualTo("Six times seven.");
    assertThat(completed.path("output").path(1).path("content").path(0).path("text").asString()).isEqualTo("42");
  }

  @Test
  void openAiReasoningEffortAsksClaudeOnBedrockForThinking() throws Exception {
    String model = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    upstream.on("/model/" + model + "/converse", FakeUpstream.json(200, BEDROCK_REASONING));
    upstream.on("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse",
        FakeUpstream.json(200, BEDROCK_REASONING));

    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"bedrock/" + model
        + "\",\"max_tokens\":16000,\"reasoning_effort\":\"low\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"6*7?\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode message = Json.MAPPER.readTree(response.body()).path("choices").path(0).path("message");
    assertThat(message.path("reasoning_content").asString()).isEqualTo("Six times seven.");
    assertThat(message.path("content").asString()).isEqualTo("42");
    assertThat(response.body()).doesNotContain("EqQBsig");
    JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
    assertThat(sent.path("additionalModelRequestFields").path("thinking").toString())
        .isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":1024}");
    assertThat(sent.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(16000);
  }

  @Test
  void openAiReasoningEffortAsksACohereReasoningModelForThinking() throws Exception {
    upstream.on("/v2/chat", FakeUpstream.json(200, COHERE_THINKING));

    HttpResponse<String> response = post("/v1/chat/completions", """
        {"model":"command-a-reasoning-08-2025","reasoning_effort":"medium",
         "messages":[{"role":"user","content":"6*7?"}]}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode message = Json.MAPPER.readTree(response.body()).path("choices").path(0).path("message");
    assertThat(message.path("reasoning_content").asString()).isEqualTo("Six times seven.");
    assertThat(message.path("content").asString()).isEqualTo("42");
    assertThat(Json.MAPPER.readTree(upstream.lastRequest().body()).path("thinking").toString())
        .isEqualTo("{\"type\":\"enabled\",\"token_budget\":8192}");
  }
}
