package io.switchboard.ai.guardrails;

import io.switchboard.ai.request.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the answer's text is in the client's dialect: the text fields of a JSON answer, and the text delta of a
 * stream event (OpenAI chunks' {@code choices[0].delta.content}, Anthropic {@code content_block_delta}'s
 * {@code text_delta}, Gemini {@code candidates[0].content.parts[].text}, the Responses API's
 * {@code response.output_text.delta}).
 */
final class AnswerTexts {

  private AnswerTexts() {
  }

  /** The text fields of a whole (JSON) answer. */
  static List<TextSlots.Slot> ofAnswer(Dialect dialect, JsonNode answer) {
    List<TextSlots.Slot> slots = new ArrayList<>();
    switch (dialect) {
      case ANTHROPIC -> blocks(answer.path("content"), "text", slots);
      case GEMINI -> {
        for (JsonNode c : answer.path("candidates")) {
          blocks(c.path("content").path("parts"), "text", slots);
        }
      }
      case RESPONSES -> {
        for (JsonNode item : answer.path("output")) {
          blocks(item.path("content"), "text", slots);
        }
      }
      default -> {
        for (JsonNode choice : answer.path("choices")) {
          if (choice.path("message").path("content").isString()) {
            slots.add(new TextSlots.Slot(choice.path("message"), "content", -1, "assistant"));
          }
        }
      }
    }
    return slots;
  }

  private static void blocks(JsonNode blocks, String field, List<TextSlots.Slot> slots) {
    for (JsonNode b : blocks) {
      if (b.path(field).isString()) {
        slots.add(new TextSlots.Slot(b, field, -1, "assistant"));
      }
    }
  }

  /** The object and field holding a stream event's text delta, or {@code null} when the event carries none. */
  static TextSlots.@Nullable Slot delta(Dialect dialect, JsonNode event) {
    switch (dialect) {
      case ANTHROPIC -> {
        JsonNode delta = event.path("delta");
        return event.path("type").asString("").equals("content_block_delta") && delta.path("text").isString()
            ? new TextSlots.Slot(delta, "text", -1, "assistant") : null;
      }
      case GEMINI -> {
        for (JsonNode part : event.path("candidates").path(0).path("content").path("parts")) {
          if (part.path("text").isString() && !part.path("thought").asBoolean(false)) {
            return new TextSlots.Slot(part, "text", -1, "assistant");
          }
        }
        return null;
      }
      case RESPONSES -> {
        return event.path("type").asString("").equals("response.output_text.delta") && event.path("delta").isString()
            ? new TextSlots.Slot(event, "delta", -1, "assistant") : null;
      }
      default -> {
        JsonNode delta = event.path("choices").path(0).path("delta");
        return delta.path("content").isString() ? new TextSlots.Slot(delta, "content", -1, "assistant") : null;
      }
    }
  }

  /** Whether a stream event ends the answer's text (what follows is metadata, usage or the terminator). */
  static boolean ends(Dialect dialect, JsonNode event) {
    return switch (dialect) {
      case ANTHROPIC -> {
        String type = event.path("type").asString("");
        yield type.equals("content_block_stop") || type.equals("message_delta") || type.equals("message_stop");
      }
      case GEMINI -> event.path("candidates").path(0).hasNonNull("finishReason");
      case RESPONSES -> event.path("type").asString("").equals("response.output_text.done")
          || event.path("type").asString("").equals("response.completed");
      default -> event.path("choices").path(0).hasNonNull("finish_reason");
    };
  }

  /** Applies {@code f} to every string named {@code text} under a node (the Responses API's summary events). */
  static boolean rewriteTexts(JsonNode node, java.util.function.UnaryOperator<String> f, int depth) {
    boolean changed = false;
    if (depth > 16) {
      return false;
    }
    if (node instanceof ObjectNode object) {
      for (var e : new ArrayList<>(object.properties())) {
        if (e.getKey().equals("text") && e.getValue().isString()) {
          String out = f.apply(e.getValue().asString());
          if (!out.equals(e.getValue().asString())) {
            object.put("text", out);
            changed = true;
          }
        } else {
          changed |= rewriteTexts(e.getValue(), f, depth + 1);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        changed |= rewriteTexts(n, f, depth + 1);
      }
    }
    return changed;
  }
}
