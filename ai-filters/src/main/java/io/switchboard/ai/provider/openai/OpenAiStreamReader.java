package io.switchboard.ai.provider.openai;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an OpenAI-dialect provider's stream as canonical chunks, for clients of another dialect (the chunks are
 * already canonical: this only parses them, tracks usage and the {@code [DONE]} terminator, and turns error
 * payloads into errors).
 */
public final class OpenAiStreamReader implements StreamTranslator {

  private boolean done;
  private TokenUsage usage = TokenUsage.NONE;

  @Override
  public void onEvent(@Nullable String event, String data, List<ObjectNode> out) {
    if (data.equals("[DONE]")) {
      done = true;
      return;
    }
    JsonNode chunk;
    try {
      chunk = Json.MAPPER.readTree(data);
    } catch (JacksonException e) {
      throw AiException.upstream("The provider sent a stream event that is not valid JSON.", "upstream_invalid_response");
    }
    if (!(chunk instanceof ObjectNode object)) {
      return;
    }
    JsonNode error = object.get("error");
    if (error != null && error.isObject()) {
      throw new AiException(502, "upstream_error", error.path("code").asString(null), null,
          error.path("message").asString("The provider reported an error in the stream."), null);
    }
    JsonNode usageNode = object.get("usage");
    if (usageNode != null && usageNode.isObject()) {
      usage = OpenAiShapes.usageOf(usageNode);
    }
    out.add(object);
  }

  @Override
  public void onComplete(List<ObjectNode> out) {
  }

  @Override
  public boolean finished() {
    return done;
  }

  @Override
  public TokenUsage usage() {
    return usage;
  }
}
