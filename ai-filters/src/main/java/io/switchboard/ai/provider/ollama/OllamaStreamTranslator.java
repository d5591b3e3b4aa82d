package io.switchboard.ai.provider.ollama;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.openai.SingleChoiceStreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates one Ollama NDJSON chat stream into OpenAI {@code chat.completion.chunk} objects. Each event's data is
 * one JSON line (there is no {@code event:} name).
 *
 * <ul>
 *   <li>The first object: the opening chunk, {@code {"role":"assistant","content":""}}.</li>
 *   <li>{@code message.thinking}: a {@code reasoning_content} delta; {@code message.content}: a content delta
 *       (empty pieces produce nothing).</li>
 *   <li>{@code message.tool_calls}: one complete tool call per chunk (Ollama sends arguments whole).</li>
 *   <li>{@code done: true}: the finish chunk, usage from {@code prompt_eval_count}/{@code eval_count}; the stream
 *       is {@linkplain #finished() finished}.</li>
 *   <li>{@code {"error": "..."}}: thrown as a 502 {@link AiException}.</li>
 * </ul>
 *
 * <p>Not thread-safe: one instance serves one stream.
 */
final class OllamaStreamTranslator extends SingleChoiceStreamTranslator {

  private int toolCalls;
  private boolean opened;

  OllamaStreamTranslator(TranslationContext context) {
    super(context);
  }

  @Override
  public void onEvent(@Nullable String event, String data, List<ObjectNode> out) {
    if (data.isBlank()) {
      return;
    }
    JsonNode payload;
    try {
      payload = Json.MAPPER.readTree(data);
    } catch (JacksonException e) {
      payload = null;
    }
    if (payload == null || !payload.isObject()) {
      throw AiException.upstream("Ollama sent a stream line that is not a JSON object.", null);
    }
    JsonNode error = payload.get("error");
    if (error != null && !error.isNull()) {
      String message = error.isString() ? error.asString() : OllamaChatTranslator.text(error, "message");
      throw new AiException(502, "upstream_error", null, null,
          message == null || message.isBlank() ? "Ollama reported an error mid-stream." : message, null);
    }
    if (!opened) {
      opened = true;
      out.add(chunk(Json.object().put("role", "assistant").put("content", ""), null));
    }
    JsonNode message = payload.path("message");
    emitReasoning(message.path("thinking"), out);
    JsonNode content = message.path("content");
    if (content.isString() && !content.asString().isEmpty()) {
      out.add(chunk(Json.object().put("content", content.asString()), null));
    }
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      int index = toolCalls++;
      ObjectNode indexed = Json.object().put("index", index);
      indexed.setAll(OpenAiShapes.toolCall(OllamaChatTranslator.toolCallId(context, index),
          function.path("name").asString(""), OllamaChatTranslator.arguments(function.get("arguments"))));
      ObjectNode delta = Json.object();
      delta.putArray("tool_calls").add(indexed);
      out.add(chunk(delta, null));
    }
    if (payload.path("done").asBoolean(false) && !finished) {
      usage = TokenUsage.of(OllamaChatTranslator.count(payload, "prompt_eval_count"),
          OllamaChatTranslator.count(payload, "eval_count"));
      out.add(chunk(Json.object(), OllamaChatTranslator.finishReason(
          OllamaChatTranslator.text(payload, "done_reason"), toolCalls > 0)));
      finished = true;
    }
  }

}
