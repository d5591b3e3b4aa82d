package io.switchboard.ai;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The one JSON mapper of the plugin suite. Request bodies are client input: nesting is bounded here so a hostile
 * body cannot exhaust the stack, whatever a later limit says.
 */
public final class Json {

  /** Nesting bound of every parse; {@code ai.limits.max-json-depth} may only lower it. */
  public static final int MAX_NESTING_DEPTH = 256;

  public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
      .build()).build();

  private Json() {
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }
}
