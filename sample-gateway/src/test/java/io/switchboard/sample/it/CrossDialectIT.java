package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Anthropic clients reaching providers of other dialects, through the canonical dialect. */
final class CrossDialectIT extends GatewayIT {

  @Test
  void anthropicClientToOpenAi() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, OpenAiRouteIT.COMPLETION));
    HttpResponse<String> response = post("/v1/messages", """
        {"model":"gpt-4o","max_tokens":64,"system":"Be brief.","messages":[{"role":"user","content":"Hi"}]}""",
        "x-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode message = Json.MAPPER.readTree(response.body());
    assertThat(message.path("type").asString()).isEqualTo("message");
    assertThat(message.path("model").asString()).isEqualTo("gpt-4o");
    assertThat(message.path("content").path(0).path("text").asString()).isEqualTo("Hi!");
    assertThat(message.path("stop_reason").asString()).isEqualTo("end_turn");
    assertThat(message.path("usage").path("output_tokens").asInt()).isEqualTo(2);
    JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
    assertThat(sent.path("model").asString()).isEqualTo("gpt-4o");
    assertThat(sent.path("messages").path(0).path("role").asString()).isEqualTo("system");
    assertThat(upstream.lastRequest().headers()).containsEntry("authorization", "Bearer sk-upstream-openai-secret");
  }

  @Test
  void anthropicClientStreamsFromOpenAiAsAnthropicEvents() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sse(OpenAiRouteIT.chunks("Hel", "lo"), Duration.ofMillis(10)));
    HttpResponse<String> response = post("/v1/messages", """
        {"model":"gpt-4o","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""",
        "x-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String block : response.body().split("\n\n")) {
      String[] lines = block.split("\n");
      names.add(lines[0].substring("event: ".length()));
      JsonNode data = Json.MAPPER.readTree(lines[1].substring("data: ".length()));
      if (data.path("delta").path("type").asString("").equals("text_delta")) {
        text.append(data.path("delta").path("text").asString());
      }
    }
    assertThat(names).startsWith("message_start", "ping", "content_block_start").endsWith("content_block_stop",
        "message_delta", "message_stop");
    assertThat(text).hasToString("Hello");
    assertThat(response.body()).contains("\"output_tokens\":3");
    assertThat(Json.MAPPER.readTree(upstream.lastRequest().body()).path("stream_options").path("include_usage")
        .asBoolean()).isTrue();
  }

  @Test
  void anthropicClientToolsThroughGemini() throws Exception {
    upstream.on("/v1beta/models/gemini-2.5-flash:generateContent", FakeUpstream.json(200, """
        {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"get_weather",
         "args":{"city":"Oslo"}}}]},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":3,"totalTokenCount":10}}"""));
    HttpResponse<String> response = post("/v1/messages", """
        {"model":"gemini-2.5-flash","max_tokens":64,"messages":[{"role":"user","content":"Weather in Oslo?"}],
         "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}""",
        "x-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode message = Json.MAPPER.readTree(response.body());
    assertThat(message.path("stop_reason").asString()).isEqualTo("tool_use");
    JsonNode toolUse = message.path("content").path(0);
    assertThat(toolUse.path("type").asString()).isEqualTo("tool_use");
    assertThat(toolUse.path("input").path("city").asString()).isEqualTo("Oslo");
    JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
    assertThat(sent.path("tools").path(0).path("functionDeclarations").path(0).path("name").asString())
        .isEqualTo("get_weather");
  }

  @Test
  void anthropicClientRequestErrorsAreAnthropicShaped() throws Exception {
    HttpResponse<String> response = post("/v1/messages",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "x-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = Json.MAPPER.readTree(response.body());
    assertThat(error.path("error").path("type").asString()).isEqualTo("invalid_request_error");
    assertThat(error.path("error").path("message").asString()).contains("max_tokens");
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void anthropicClientReachesTheOfflineDemo() throws Exception {
    HttpResponse<String> response = post("/v1/messages",
        "{\"model\":\"demo\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}",
        "x-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(response.body()).path("content").path(0).path("text").asString())
        .contains("ping");
  }

  @Test
  void geminiClientToOpenAi() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, OpenAiRouteIT.COMPLETION));
    HttpResponse<String> response = post("/v1beta/models/gpt-4o:generateContent", """
        {"systemInstruction":{"parts":[{"text":"Be brief."}]},"contents":[{"role":"user","parts":[{"text":"Hi"}]}],
         "generationConfig":{"maxOutputTokens":32}}""", "x-goog-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("candidates").path(0).path("content").path("parts").path(0).path("text").asString())
        .isEqualTo("Hi!");
    assertThat(body.path("candidates").path(0).path("finishReason").asString()).isEqualTo("STOP");
    assertThat(body.path("usageMetadata").path("totalTokenCount").asInt()).isEqualTo(11);
    JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
    assertThat(sent.path("model").asString()).isEqualTo("gpt-4o");
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(32);
  }

  @Test
  void geminiClientStreamsFromAnthropicAsGeminiEvents() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.sse(AnthropicRouteIT.streamEvents("Ha", "llo"), Duration.ZERO));
    HttpResponse<String> response = post("/v1beta/models/claude-sonnet-4-5:streamGenerateContent?alt=sse",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}", "x-goog-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    StringBuilder text = new StringBuilder();
    String finish = null;
    for (String block : response.body().split("\n\n")) {
      assertThat(block).startsWith("data: ");
      JsonNode event = Json.MAPPER.readTree(block.substring("data: ".length()));
      JsonNode candidate = event.path("candidates").path(0);
      for (JsonNode part : candidate.path("content").path("parts")) {
        text.append(part.path("text").asString(""));
      }
      if (candidate.path("finishReason").isString()) {
        finish = candidate.path("finishReason").asString();
      }
    }
    assertThat(text).hasToString("Hallo");
    assertThat(finish).isEqualTo("STOP");
    assertThat(Json.MAPPER.readTree(upstream.lastRequest().body()).path("stream").asBoolean()).isTrue();
  }

  @Test
  void geminiClientEmbeddingsThroughTheDemoModel() throws Exception {
    HttpResponse<String> response = post("/v1beta/models/demo:batchEmbedContents", """
        {"requests":[{"model":"models/demo","content":{"parts":[{"text":"a"}]}},
                     {"model":"models/demo","content":{"parts":[{"text":"b"}]}}]}""", "x-goog-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode embeddings = Json.MAPPER.readTree(response.body()).path("embeddings");
    assertThat(embeddings).hasSize(2);
    assertThat(embeddings.path(0).path("values")).hasSize(64);
  }

  @Test
  void tokensAreCountedByTheGatewayWithoutCallingTheProvider() throws Exception {
    HttpResponse<String> anthropic = post("/v1/messages/count_tokens",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}",
        "x-api-key", CLIENT_KEY);
    assertThat(anthropic.statusCode()).isEqualTo(200);
    // o200k: "Hello, world!" is 4 tokens and "user" 1, plus 3 for the message and 3 priming the reply.
    assertThat(Json.MAPPER.readTree(anthropic.body()).path("input_tokens").asLong()).isEqualTo(11);
    HttpResponse<String> gemini = post("/v1beta/models/gpt-4o:countTokens",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello, world!\"}]}]}",
        "x-goog-api-key", CLIENT_KEY);
    assertThat(gemini.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(gemini.body()).path("totalTokens").asLong()).isEqualTo(11);
    assertThat(upstream.requests()).isEmpty();
  }
}
