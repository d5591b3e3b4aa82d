package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenAI client to Anthropic Messages: translated both ways, plain and streamed, errors included. */
final class AnthropicRouteIT extends GatewayIT {

  static final String MESSAGE = """
      {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
       "content":[{"type":"text","text":"Bonjour!"}],"stop_reason":"end_turn","stop_sequence":null,
       "usage":{"input_tokens":12,"output_tokens":3,"cache_read_input_tokens":4}}""";

  static final String TOOL_MESSAGE = """
      {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5",
       "content":[{"type":"text","text":"Checking."},
                  {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}],
       "stop_reason":"tool_use","usage":{"input_tokens":30,"output_tokens":9}}""";

  static List<String> streamEvents(String... texts) {
    java.util.ArrayList<String> events = new java.util.ArrayList<>();
    events.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":"
        + "\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,"
        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n");
    events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    events.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    for (String t : texts) {
      events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + t + "\"}}\n\n");
    }
    events.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    events.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":7}}\n\n");
    events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return events;
  }

  @Test
  void plainChatIsTranslatedBothWays() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.json(200, MESSAGE));
    HttpResponse<String> response = post("/v1/chat/completions", """
        {"model":"claude-sonnet-4-5","messages":[{"role":"system","content":"Be brief."},
         {"role":"user","content":"Say hello in French"}],"temperature":0.2}""");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("object").asString()).isEqualTo("chat.completion");
    assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5");
    assertThat(body.path("choices").path(0).path("message").path("content").asString()).isEqualTo("Bonjour!");
    assertThat(body.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
    assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(16);
    assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(3);

    FakeUpstream.Recorded sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.headers()).containsEntry("x-api-key", "sk-ant-upstream-secret")
        .containsEntry("anthropic-version", "2023-06-01").doesNotContainKey("authorization");
    JsonNode request = Json.MAPPER.readTree(sent.body());
    assertThat(request.path("model").asString()).isEqualTo("claude-sonnet-4-5");
    assertThat(request.path("system").toString()).contains("Be brief.");
    assertThat(request.path("max_tokens").asInt()).isEqualTo(1024);
    assertThat(request.path("messages")).hasSize(1);
  }

  @Test
  void toolUseBecomesToolCalls() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.json(200, TOOL_MESSAGE));
    HttpResponse<String> response = post("/v1/chat/completions", """
        {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Weather in Paris?"}],
         "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
           "properties":{"city":{"type":"string"}}}}}],"tool_choice":"required"}""");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode choice = Json.MAPPER.readTree(response.body()).path("choices").path(0);
    assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
    JsonNode call = choice.path("message").path("tool_calls").path(0);
    assertThat(call.path("id").asString()).isEqualTo("toolu_1");
    assertThat(Json.MAPPER.readTree(call.path("function").path("arguments").asString()).path("city").asString())
        .isEqualTo("Paris");
    JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
    assertThat(sent.path("tools").path(0).path("input_schema").path("type").asString()).isEqualTo("object");
    assertThat(sent.path("tool_choice").path("type").asString()).isEqualTo("any");
  }

  @Test
  void imagesAndJsonSchemaAreTranslated() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.json(200, """
        {"id":"m","type":"message","role":"assistant","content":[{"type":"tool_use","id":"t","name":"json_response",
         "input":{"color":"red"}}],"stop_reason":"tool_use","usage":{"input_tokens":5,"output_tokens":5}}"""));
    HttpResponse<String> response = post("/v1/chat/completions", """
        {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[{"type":"text","text":"Color?"},
          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],
         "response_format":{"type":"json_schema","json_schema":{"name":"c","schema":{"type":"object",
           "properties":{"color":{"type":"string"}},"required":["color"]}}}}""");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode message = Json.MAPPER.readTree(response.body()).path("choices").path(0).path("message");
    assertThat(Json.MAPPER.readTree(message.path("content").asString()).path("color").asString()).isEqualTo("red");
    JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
    JsonNode image = sent.path("messages").path(0).path("content").path(1);
    assertThat(image.path("type").asString()).isEqualTo("image");
    assertThat(image.path("source").path("media_type").asString()).isEqualTo("image/png");
    assertThat(image.path("source").path("data").asString()).isEqualTo("iVBORw0KGgo=");
  }

  @Test
  void streamIsTranslatedEventByEvent() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.sse(streamEvents("Bon", "jour"), Duration.ofMillis(100)));
    List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(Json.MAPPER.readTree(upstream.lastRequest().body()).path("stream").asBoolean()).isTrue();
    StringBuilder text = new StringBuilder();
    String finish = null;
    JsonNode usage = null;
    for (TimedLine line : lines.subList(0, lines.size() - 1)) {
      JsonNode chunk = Json.MAPPER.readTree(line.data());
      assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
      JsonNode choice = chunk.path("choices").path(0);
      text.append(choice.path("delta").path("content").asString(""));
      if (choice.path("finish_reason").isString()) {
        finish = choice.path("finish_reason").asString();
      }
      if (chunk.path("usage").isObject()) {
        usage = chunk.path("usage");
      }
    }
    assertThat(text).hasToString("Bonjour");
    assertThat(finish).isEqualTo("stop");
    assertThat(usage.path("completion_tokens").asInt()).isEqualTo(7);
    assertThat(lines).last().extracting(TimedLine::data).isEqualTo("[DONE]");
    assertThat(lines.get(lines.size() - 2).atMillis() - lines.get(0).atMillis()).isGreaterThanOrEqualTo(300);
  }

  @Test
  void overloadedProviderIs502AndBadRequestStays400() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.json(529,
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    HttpResponse<String> overloaded = post("/v1/chat/completions",
        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(overloaded.statusCode()).isEqualTo(502);
    assertThat(Json.MAPPER.readTree(overloaded.body()).path("error").path("code").asString())
        .isEqualTo("upstream_overloaded");
    upstream.on("/v1/messages", FakeUpstream.json(400, "{\"type\":\"error\",\"error\":{\"type\":"
        + "\"invalid_request_error\",\"message\":\"messages: text content blocks must be non-empty\"}}"));
    HttpResponse<String> bad = post("/v1/chat/completions",
        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("text content blocks must be non-empty");
  }

  @Test
  void requestThatCannotBeExpressedIs400NamingTheField() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"claude-sonnet-4-5\",\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(response.body()).path("error").path("param").asString()).isEqualTo("n");
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void errorEventMidStreamEndsTheStreamWithAnError() throws Exception {
    List<String> events = new java.util.ArrayList<>(streamEvents("partial").subList(0, 4));
    events.add("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"Overloaded\"}}\n\n");
    upstream.on("/v1/messages", FakeUpstream.sse(events, Duration.ZERO));
    List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(lines).extracting(TimedLine::data).anyMatch(d -> d.contains("partial"));
    assertThat(lines).last().extracting(TimedLine::data).asString().contains("\"error\"").contains("Overloaded");
    assertThat(lines).extracting(TimedLine::data).doesNotContain("[DONE]");
  }

  @Test
  void streamCutBeforeMessageStopIsAnError() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.sseThenReset(streamEvents("cut").subList(0, 4)));
    List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(lines).last().extracting(TimedLine::data).asString().contains("\"error\"");
    assertThat(lines).extracting(TimedLine::data).doesNotContain("[DONE]");
  }
}
