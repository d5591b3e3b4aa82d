package io.switchboard.ai.guardrails;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.Dialect;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request body of a JSON re-ask, in the client's dialect: the conversation as sent, the answer that broke the
 * schema as the assistant's turn, and a user turn naming the violation (a path and an expectation from the schema
 * check, never user text). Pure.
 */
final class Reask {

  private Reask() {
  }

  static String correction(String problem) {
    return "Your previous answer did not follow the required JSON schema (" + problem + "). Answer again with only"
        + " JSON that follows the schema exactly.";
  }

  static byte[] body(Dialect dialect, JsonNode request, String answer, String problem) {
    ObjectNode tree = ((ObjectNode) request).deepCopy();
    String correction = correction(problem);
    switch (dialect) {
      case GEMINI -> {
        ArrayNode contents = tree.withArray("contents");
        contents.addObject().put("role", "model").putArray("parts").addObject().put("text", answer);
        contents.addObject().put("role", "user").putArray("parts").addObject().put("text", correction);
      }
      case RESPONSES -> {
        JsonNode input = tree.path("input");
        ArrayNode items;
        if (input.isArray()) {
          items = (ArrayNode) input;
        } else {
          items = tree.putArray("input");
          if (input.isString()) {
            items.addObject().put("role", "user").put("content", input.asString());
          }
        }
        items.addObject().put("role", "assistant").put("content", answer);
        items.addObject().put("role", "user").put("content", correction);
      }
      default -> { // OpenAI Chat Completions and Anthropic Messages share the shape of these two turns
        ArrayNode messages = tree.withArray("messages");
        messages.addObject().put("role", "assistant").put("content", answer);
        messages.addObject().put("role", "user").put("content", correction);
      }
    }
    return Json.MAPPER.writeValueAsBytes(tree);
  }
}
