package io.switchboard.ai.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.anthropic.AnthropicChatTranslator;
import io.switchboard.ai.provider.gemini.GeminiChatTranslator;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class VertexChatTranslatorTest {

  private static final String CLAUDE = "claude-sonnet-4-5@20250929";
  private static final String GEMINI = "gemini-2.5-flash";

  private static TranslationContext context(String model, boolean stream) {
    return new TranslationContext(model, "vertex/" + model, stream, true, "chatcmpl-vertex", 1761900000L, 4096);
  }

  @Test
  void claudeRequestsNameTheVertexVersionNotTheModel() {
    ObjectNode request = fixture("chat-tools-stream.openai-request.json");
    ObjectNode original = request.deepCopy();
    VertexChatTranslator translator = new VertexChatTranslator("my-project", "us-east5", new AnthropicChatTranslator());

    UpstreamRequest upstream = translator.toUpstream(request, context(CLAUDE, true));

    assertThat(upstream.path()).isEqualTo(
        "/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/" + CLAUDE + ":streamRawPredict");
    // Compared as sent: the translator's numbers are not all of the parser's node types.
    assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(upstream.body())))
        .isEqualTo(fixture("chat-tools-stream.vertex-claude-request.json"));
    assertThat(upstream.body().has("model")).isFalse();
    assertThat(request).isEqualTo(original);
  }

  @Test
  void nonStreamedClaudeGoesToRawPredict() {
    ObjectNode request = fixture("chat-tools-stream.openai-request.json");
    request.remove("stream");
    request.remove("stream_options");

    UpstreamRequest upstream = new VertexChatTranslator("p", "europe-west1", new AnthropicChatTranslator())
        .toUpstream(request, context(CLAUDE, false));

    assertThat(upstream.path()).endsWith("/publishers/anthropic/models/" + CLAUDE + ":rawPredict");
    assertThat(upstream.body().path("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
  }

  @Test
  void geminiRequestsKeepTheGeminiBodyAtTheVertexAddress() {
    ObjectNode request = fixture("chat-tools-stream.openai-request.json");
    GeminiChatTranslator gemini = new GeminiChatTranslator();

    UpstreamRequest upstream = new VertexChatTranslator("my-project", "global", gemini)
        .toUpstream(request.deepCopy(), context(GEMINI, true));

    assertThat(upstream.path()).isEqualTo("/v1/projects/my-project/locations/global/publishers/google/models/"
        + GEMINI + ":streamGenerateContent?alt=sse");
    assertThat(upstream.body()).isEqualTo(gemini.toUpstream(request, context(GEMINI, true)).body());
  }

  @Test
  void answersAndStreamsAreThePublishers() {
    AnthropicChatTranslator anthropic = new AnthropicChatTranslator();
    VertexChatTranslator translator = new VertexChatTranslator("p", "us-east5", anthropic);
    // Vertex answers Claude requests exactly as Anthropic does, but with its own message ids.
    JsonNode answer = Json.MAPPER.readTree("""
        {"id": "msg_vrtx_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
         "content": [{"type": "text", "text": "Sunny."}], "stop_reason": "end_turn", "stop_sequence": null,
         "usage": {"input_tokens": 12, "output_tokens": 3}}""");

    assertThat(translator.fromUpstream(answer, context(CLAUDE, false)))
        .isEqualTo(anthropic.fromUpstream(answer, context(CLAUDE, false)));
    assertThat(translator.usageOf(answer)).isEqualTo(anthropic.usageOf(answer));

    StreamTranslator stream = translator.newStream(context(CLAUDE, true));
    List<ObjectNode> chunks = new ArrayList<>();
    stream.onEvent("message_start", """
        {"type": "message_start", "message": {"id": "msg_vrtx_02", "type": "message", "role": "assistant",
         "model": "claude-sonnet-4-5-20250929", "content": [], "stop_reason": null,
         "usage": {"input_tokens": 12, "output_tokens": 1}}}""", chunks);
    assertThat(chunks).isNotEmpty();
    assertThat(stream.finished()).isFalse();
  }

  @Test
  void vertexClaudeBodyDropsModelAndClientVersionAndKeepsTheRestInOrder() {
    ObjectNode body = (ObjectNode) Json.MAPPER.readTree("""
        {"model": "claude-x", "anthropic_version": "2023-06-01", "max_tokens": 5,
         "messages": [{"role": "user", "content": "Hi"}], "thinking": {"type": "enabled", "budget_tokens": 1024}}""");
    ObjectNode original = body.deepCopy();

    ObjectNode vertex = VertexChatTranslator.forVertexClaude(body);

    assertThat(vertex.propertyNames()).containsExactly("anthropic_version", "max_tokens", "messages", "thinking");
    assertThat(vertex.get("anthropic_version").asString()).isEqualTo(VertexChatTranslator.ANTHROPIC_VERSION);
    assertThat(body).isEqualTo(original);
  }

  private static ObjectNode fixture(String name) {
    String path = "/providers/vertex/" + name;
    try (InputStream in = VertexChatTranslatorTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + path);
      }
      return (ObjectNode) Json.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
