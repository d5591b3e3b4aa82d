package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.parse;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.wire;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.context;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Anthropic client's request, translated to the canonical dialect by {@link AnthropicInboundTranslator} and back
 * to Anthropic by {@link AnthropicChatTranslator} (an Anthropic client routed to an Anthropic provider), keeps its
 * system prompt, conversation, tools and sampling parameters.
 *
 * <p>Lost on the way, by design: {@code cache_control} (everywhere); thinking and redacted thinking blocks of
 * earlier turns; {@code tool_result.is_error}; the boundaries between the text blocks of an assistant turn (joined)
 * and of a tool result (joined with a newline); {@code top_k}; {@code metadata} other than {@code user_id};
 * {@code service_tier}; {@code strict} on tools; the {@code thinking} configuration (canonically
 * {@code reasoning_effort}, which the Anthropic provider translator does not send). Changed: the model (the
 * route's upstream model) and structured output (emulated with a forced tool by the provider translator).
 */
final class AnthropicInboundRoundTripTest {

  private static final TranslationContext UPSTREAM = new TranslationContext("claude-sonnet-4-5-20250929",
      AnthropicInboundFixtures.MODEL, false, false, "chatcmpl-roundtrip", AnthropicInboundFixtures.CREATED, 4096);

  private final AnthropicInboundTranslator inbound = new AnthropicInboundTranslator();
  private final AnthropicChatTranslator outbound = new AnthropicChatTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"request-basic", "request-tools-multiturn", "request-images"})
  void keepsTheConversationSemantically(String name) {
    ObjectNode original = object(name + ".anthropic.json");
    JsonNode back = roundTrip(original);
    assertThat(semantic(back)).isEqualTo(semantic(original));
    assertThat(back.get("model").asString()).isEqualTo(UPSTREAM.upstreamModel());
  }

  @Test
  void losesOnlyWhatTheCanonicalDialectCannotCarry() {
    JsonNode basic = roundTrip(object("request-basic.anthropic.json"));
    assertThat(basic.has("top_k")).isFalse();
    assertThat(basic.has("service_tier")).isFalse();
    assertThat(basic.toString()).doesNotContain("cache_control");

    JsonNode tools = roundTrip(object("request-tools-multiturn.anthropic.json"));
    String text = tools.toString();
    assertThat(text).doesNotContain("thinking").doesNotContain("is_error").doesNotContain("cache_control");
    // The two text blocks of the second tool result arrive as one string.
    assertThat(tools.get("messages").get(2).get("content").get(1).get("content").asString())
        .isEqualTo("Temperature: 22 C\nConditions: sunny");
  }

  @Test
  void keepsAForcedToolWithoutParallelCalls() {
    ObjectNode original = parse("""
        {"max_tokens": 300, "messages": [{"role": "user", "content": "Weather in Oslo?"}],
         "tools": [{"name": "get_weather", "description": "Weather.", "input_schema": {"type": "object"}}],
         "tool_choice": {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": true}}""");
    JsonNode back = roundTrip(original);
    assertThat(wire(back.get("tool_choice"))).isEqualTo(original.get("tool_choice"));
    assertThat(wire(back.get("tools"))).isEqualTo(original.get("tools"));
  }

  private JsonNode roundTrip(ObjectNode request) {
    ObjectNode canonical = inbound.toCanonical(request, context(false));
    return wire(outbound.toUpstream(canonical, UPSTREAM).body());
  }

  /**
   * What the model is given, in one normal form: the system texts; the turns, consecutive turns of one role merged,
   * with string contents as text blocks, adjacent assistant texts joined, tool results as strings, and the lost
   * fields listed in the class comment removed; the tools; and the sampling parameters.
   */
  private static JsonNode semantic(JsonNode request) {
    ObjectNode out = Json.object();
    ArrayNode system = out.putArray("system");
    JsonNode given = request.path("system");
    if (given.isString()) {
      system.add(given.asString());
    }
    for (JsonNode block : given.isArray() ? given : Json.array()) {
      system.add(block.path("text").asString());
    }
    ArrayNode turns = out.putArray("messages");
    for (JsonNode message : request.path("messages")) {
      String role = message.path("role").asString();
      List<JsonNode> blocks = blocks(message.path("content"), role);
      if (blocks.isEmpty()) {
        continue;
      }
      JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
      ArrayNode content = last != null && last.path("role").asString().equals(role)
          ? (ArrayNode) last.get("content")
          : turns.addObject().put("role", role).putArray("content");
      blocks.forEach(content::add);
    }
    ArrayNode tools = out.putArray("tools");
    for (JsonNode tool : request.path("tools")) {
      ObjectNode copy = (ObjectNode) tool.deepCopy();
      copy.remove(List.of("cache_control", "type", "strict"));
      tools.add(copy);
    }
    for (String field : new String[] {"tool_choice", "max_tokens", "temperature", "top_p", "stop_sequences"}) {
      if (request.has(field)) {
        out.set(field, request.get(field));
      }
    }
    out.set("user_id", request.path("metadata").path("user_id"));
    return wire(out);
  }

  private static List<JsonNode> blocks(JsonNode content, String role) {
    List<JsonNode> blocks = new ArrayList<>();
    if (content.isString()) {
      blocks.add(Json.object().put("type", "text").put("text", content.asString()));
      return blocks;
    }
    for (JsonNode block : content) {
      ObjectNode copy = (ObjectNode) block.deepCopy();
      copy.remove(List.of("cache_control", "is_error"));
      switch (copy.path("type").asString()) {
        case "thinking", "redacted_thinking" -> {
          continue;
        }
        case "tool_result" -> copy.put("content", toolResultText(copy.path("content")));
        case "text" -> {
          ObjectNode previous = blocks.isEmpty() ? null : (ObjectNode) blocks.get(blocks.size() - 1);
          if (role.equals("assistant") && previous != null && previous.path("type").asString().equals("text")) {
            previous.put("text", previous.get("text").asString() + copy.get("text").asString());
            continue;
          }
        }
        default -> {
        }
      }
      blocks.add(copy);
    }
    return blocks;
  }

  private static String toolResultText(JsonNode content) {
    if (content.isString()) {
      return content.asString();
    }
    List<String> texts = new ArrayList<>();
    content.forEach(block -> texts.add(block.path("text").asString()));
    return String.join(AnthropicInboundMessages.TOOL_RESULT_SEPARATOR, texts);
  }
}
