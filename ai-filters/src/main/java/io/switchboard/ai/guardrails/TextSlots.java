package io.switchboard.ai.guardrails;

import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.Operation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The places in a request (in the client's dialect) that hold text a person or a model wrote: message contents,
 * text parts, system prompts, embedding inputs. Each can be read and replaced in the parsed tree.
 */
final class TextSlots {

  /** One text: a string under {@code field} of an object, or at {@code index} of an array. */
  static final class Slot {
    private final JsonNode parent;
    private final String field;
    private final int index;
    final String role;

    Slot(JsonNode parent, String field, int index, String role) {
      this.parent = parent;
      this.field = field;
      this.index = index;
      this.role = role;
    }

    String get() {
      JsonNode n = index >= 0 ? parent.get(index) : parent.get(field);
      return n == null ? "" : n.asString("");
    }

    void set(String text) {
      if (index >= 0) {
        ((ArrayNode) parent).set(index, JsonNodeFactory.instance.stringNode(text));
      } else {
        ((ObjectNode) parent).put(field, text);
      }
    }

    boolean system() {
      return role.equals("system") || role.equals("developer");
    }
  }

  private TextSlots() {
  }

  static List<Slot> of(Dialect dialect, Operation operation, JsonNode tree) {
    List<Slot> slots = new ArrayList<>();
    if (operation == Operation.EMBEDDINGS) {
      if (dialect == Dialect.GEMINI) {
        parts(tree.path("content").path("parts"), "user", slots);
        for (JsonNode r : tree.path("requests")) {
          parts(r.path("content").path("parts"), "user", slots);
        }
      } else {
        strings(tree, "input", "user", slots);
      }
      return slots;
    }
    switch (dialect) {
      case ANTHROPIC -> {
        content(tree, "system", "system", slots);
        for (JsonNode m : tree.path("messages")) {
          content(m, "content", m.path("role").asString("user"), slots);
        }
      }
      case GEMINI -> {
        parts(tree.path("systemInstruction").path("parts"), "system", slots);
        parts(tree.path("system_instruction").path("parts"), "system", slots);
        for (JsonNode c : tree.path("contents")) {
          parts(c.path("parts"), c.path("role").asString("user"), slots);
        }
      }
      case RESPONSES -> {
        if (tree.path("instructions").isString()) {
          slots.add(new Slot(tree, "instructions", -1, "system"));
        }
        if (tree.path("input").isString()) {
          slots.add(new Slot(tree, "input", -1, "user"));
        }
        for (JsonNode item : tree.path("input")) {
          content(item, "content", item.path("role").asString("user"), slots);
          if (item.path("output").isString()) {
            slots.add(new Slot(item, "output", -1, "tool"));
          }
        }
      }
      default -> {
        for (JsonNode m : tree.path("messages")) {
          content(m, "content", m.path("role").asString("user"), slots);
        }
        if (tree.path("prompt").isString()) {
          slots.add(new Slot(tree, "prompt", -1, "user"));
        }
      }
    }
    return slots;
  }

  /** A string field, or an array of blocks/parts with {@code text}. */
  private static void content(JsonNode parent, String field, String role, List<Slot> slots) {
    JsonNode value = parent.path(field);
    if (value.isString()) {
      slots.add(new Slot(parent, field, -1, role));
    } else if (value.isArray()) {
      for (JsonNode block : value) {
        if (block.path("text").isString()) {
          slots.add(new Slot(block, "text", -1, role));
        } else if (block.path("content").isString() || block.path("content").isArray()) {
          content(block, "content", role, slots); // tool results
        }
      }
    }
  }

  private static void parts(JsonNode parts, String role, List<Slot> slots) {
    for (JsonNode part : parts) {
      if (part.path("text").isString()) {
        slots.add(new Slot(part, "text", -1, role));
      }
    }
  }

  private static void strings(JsonNode parent, String field, String role, List<Slot> slots) {
    JsonNode value = parent.path(field);
    if (value.isString()) {
      slots.add(new Slot(parent, field, -1, role));
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        if (value.get(i).isString()) {
          slots.add(new Slot(value, "", i, role));
        }
      }
    }
  }
}
