package io.switchboard.ai.cache;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.anthropic.AnthropicChatTranslator;
import io.switchboard.ai.provider.gemini.GeminiChatTranslator;
import io.switchboard.ai.provider.openai.OpenAiStreamReader;
import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.InboundTranslator;
import io.switchboard.ai.provider.spi.StreamEvent;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.request.Dialect;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Between a client's answer and the canonical answer the cache stores.
 *
 * <p><b>Capture</b>: the client's answer (JSON, or its SSE events) is read back into a canonical
 * {@code chat.completion} with the provider translators of the client's dialect (OpenAI chunks as they are,
 * Anthropic and Gemini through {@code AnthropicChatTranslator}/{@code GeminiChatTranslator}, which parse exactly
 * those wire formats), so an answer given to a client of one dialect serves clients of every dialect. The Responses
 * API has no provider translator to read its answers back: Responses clients are served from the cache (replayed
 * through its inbound translator) but their own answers are not stored.
 *
 * <p><b>Replay</b>: the canonical answer is translated to the client's dialect the way a provider's answer would
 * be: {@link InboundTranslator#fromCanonical} for JSON, and for streams synthesized canonical chunks run through the
 * dialect's {@link InboundStream}, ending with the dialect's terminator.
 */
final class AnswerCodec {

  private static final ChatTranslator ANTHROPIC = new AnthropicChatTranslator();
  private static final ChatTranslator GEMINI = new GeminiChatTranslator();

  private AnswerCodec() {
  }

  /** Whether answers given to clients of this dialect can be read back (and so stored). */
  static boolean capturable(Dialect dialect) {
    return dialect == Dialect.OPENAI || dialect == Dialect.ANTHROPIC || dialect == Dialect.GEMINI;
  }

  private static TranslationContext context(String model, boolean stream) {
    return new TranslationContext(model, model, stream, true, "chatcmpl-cache", 0, 4096);
  }

  /**
   * The canonical answer of a client's JSON answer, or {@code null} when it is not a complete answer.
   */
  static @Nullable ObjectNode fromClientJson(Dialect dialect, String model, byte[] json) {
    JsonNode node = Json.MAPPER.readTree(json);
    if (!(node instanceof ObjectNode object) || object.has("error")) {
      return null;
    }
    ObjectNode completion = switch (dialect) {
      case OPENAI -> object.deepCopy();
      case ANTHROPIC -> ANTHROPIC.fromUpstream(object, context(model, false));
      case GEMINI -> GEMINI.fromUpstream(object, context(model, false));
      default -> null;
    };
    return completion == null || !complete(completion) ? null : clean(completion);
  }

  /**
   * The canonical answer of a client's whole SSE stream, or {@code null} when the stream did not end properly
   * (no terminator, an error event, a missing finish reason).
   */
  static @Nullable ObjectNode fromClientStream(Dialect dialect, String model, byte[] sse) {
    StreamTranslator reader = switch (dialect) {
      case OPENAI -> new OpenAiStreamReader();
      case ANTHROPIC -> ANTHROPIC.newStream(context(model, true));
      case GEMINI -> GEMINI.newStream(context(model, true));
      default -> null;
    };
    if (reader == null) {
      return null;
    }
    List<ObjectNode> chunks = new ArrayList<>();
    try {
      for (String[] event : events(new String(sse, StandardCharsets.UTF_8))) {
        if (event[1].contains("\"error\"") && isError(event[1])) {
          return null;
        }
        reader.onEvent(event[0], event[1], chunks);
      }
      reader.onComplete(chunks);
    } catch (AiException e) {
      return null;
    }
    if (!reader.finished()) {
      return null;
    }
    ObjectNode completion = assemble(chunks, model);
    return complete(completion) ? clean(completion) : null;
  }

  private static boolean isError(String data) {
    try {
      JsonNode node = Json.MAPPER.readTree(data);
      return node.has("error") || node.path("type").asString("").equals("error");
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** The SSE events of a body: {@code [event name or null, data]}; comments and empty events skipped. */
  static List<String[]> events(String body) {
    List<String[]> events = new ArrayList<>();
    String name = null;
    StringBuilder data = null;
    for (String line : body.split("\r?\n", -1)) {
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new String[] {name, data.toString()});
        }
        name = null;
        data = null;
      } else if (line.startsWith(":")) {
        continue;
      } else if (line.startsWith("event:")) {
        name = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        String value = line.substring(5);
        value = value.startsWith(" ") ? value.substring(1) : value;
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    if (data != null) {
      events.add(new String[] {name, data.toString()});
    }
    return events;
  }

  /** Joins canonical chunks into one {@code chat.completion}. */
  static ObjectNode assemble(List<ObjectNode> chunks, String model) {
    Map<Integer, ObjectNode> messages = new TreeMap<>();
    Map<Integer, StringBuilder> contents = new TreeMap<>();
    Map<Integer, StringBuilder> reasoning = new TreeMap<>();
    Map<Integer, TreeMap<Integer, ObjectNode>> tools = new TreeMap<>();
    Map<Integer, String> finishes = new TreeMap<>();
    JsonNode usage = null;
    for (ObjectNode chunk : chunks) {
      if (chunk.get("usage") instanceof ObjectNode u) {
        usage = u;
      }
      for (JsonNode choice : chunk.path("choices")) {
        int index = choice.path("index").asInt(0);
        messages.computeIfAbsent(index, i -> Json.object().put("role", "assistant"));
        JsonNode delta = choice.path("delta");
        JsonNode c = delta.get("content");
        if (c != null && c.isString()) {
          contents.computeIfAbsent(index, i -> new StringBuilder()).append(c.stringValue());
        }
        JsonNode r = delta.get("reasoning_content");
        if (r != null && r.isString()) {
          reasoning.computeIfAbsent(index, i -> new StringBuilder()).append(r.stringValue());
        }
        for (JsonNode call : delta.path("tool_calls")) {
          int at = call.path("index").asInt(0);
          ObjectNode tool = tools.computeIfAbsent(index, i -> new TreeMap<>()).computeIfAbsent(at, i -> {
            ObjectNode t = Json.object();
            t.put("type", "function");
            t.putObject("function").put("name", "").put("arguments", "");
            return t;
          });
          if (call.hasNonNull("id")) {
            tool.put("id", call.get("id").asString());
          }
          ObjectNode function = (ObjectNode) tool.get("function");
          JsonNode f = call.path("function");
          if (f.hasNonNull("name")) {
            function.put("name", function.path("name").asString("") + f.get("name").asString());
          }
          if (f.hasNonNull("arguments")) {
            function.put("arguments", function.path("arguments").asString("") + f.get("arguments").asString());
          }
        }
        if (choice.hasNonNull("finish_reason")) {
          finishes.put(index, choice.get("finish_reason").asString());
        }
      }
    }
    ObjectNode completion = Json.object();
    completion.put("id", "chatcmpl-cache");
    completion.put("object", "chat.completion");
    completion.put("created", 0);
    completion.put("model", model);
    ArrayNode choices = completion.putArray("choices");
    for (Map.Entry<Integer, ObjectNode> entry : messages.entrySet()) {
      int index = entry.getKey();
      ObjectNode message = entry.getValue();
      StringBuilder content = contents.get(index);
      message.put("content", content == null ? null : content.toString());
      if (reasoning.containsKey(index)) {
        message.put("reasoning_content", reasoning.get(index).toString());
      }
      if (tools.containsKey(index)) {
        ArrayNode calls = message.putArray("tool_calls");
        tools.get(index).values().forEach(calls::add);
      }
      ObjectNode choice = choices.addObject();
      choice.put("index", index);
      choice.set("message", message);
      choice.put("finish_reason", finishes.get(index));
    }
    if (usage != null) {
      completion.set("usage", usage);
    }
    return completion;
  }

  private static boolean complete(ObjectNode completion) {
    JsonNode choices = completion.path("choices");
    if (!choices.isArray() || choices.isEmpty()) {
      return false;
    }
    for (JsonNode choice : choices) {
      if (!choice.hasNonNull("finish_reason") || !choice.has("message")) {
        return false;
      }
    }
    return true;
  }

  /** Drops the gateway's per-call fields: the cost in usage (a replay costs nothing). */
  private static ObjectNode clean(ObjectNode completion) {
    if (completion.get("usage") instanceof ObjectNode usage) {
      usage.remove("cost");
    }
    return completion;
  }

  // ---- replay ------------------------------------------------------------------------------------------------------

  /** The client's JSON answer from a canonical answer. */
  static byte[] toClientJson(ObjectNode stored, Dialect dialect, String model, String id, long created) {
    ObjectNode completion = stamped(stored, model, id, created);
    InboundTranslator inbound = CacheRequest.inbound(dialect);
    if (inbound == null) {
      return Json.MAPPER.writeValueAsBytes(completion);
    }
    return Json.MAPPER.writeValueAsBytes(
        inbound.fromCanonical(completion, new InboundContext(model, false, clientId(dialect, id), created)));
  }

  /** The client's SSE stream from a canonical answer, as whole events. */
  static List<byte[]> toClientStream(ObjectNode stored, Dialect dialect, String model, String id, long created,
      boolean includeUsage) {
    ObjectNode completion = stamped(stored, model, id, created);
    List<ObjectNode> chunks = chunks(completion, dialect != Dialect.OPENAI || includeUsage);
    List<byte[]> out = new ArrayList<>(chunks.size() + 2);
    InboundTranslator inbound = CacheRequest.inbound(dialect);
    if (inbound == null) {
      for (ObjectNode chunk : chunks) {
        out.add(("data: " + Json.MAPPER.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
      }
      out.add("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
      return out;
    }
    InboundStream stream = inbound.newStream(new InboundContext(model, true, clientId(dialect, id), created));
    List<StreamEvent> events = new ArrayList<>();
    for (ObjectNode chunk : chunks) {
      stream.onChunk(chunk, events);
      flush(events, out);
    }
    stream.onComplete(events);
    flush(events, out);
    return out;
  }

  private static void flush(List<StreamEvent> events, List<byte[]> out) {
    for (StreamEvent event : events) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      if (event.event() != null) {
        bytes.writeBytes(("event: " + event.event() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      bytes.writeBytes(("data: " + Json.MAPPER.writeValueAsString(event.data()) + "\n\n")
          .getBytes(StandardCharsets.UTF_8));
      out.add(bytes.toByteArray());
    }
    events.clear();
  }

  private static ObjectNode stamped(ObjectNode stored, String model, String id, long created) {
    ObjectNode completion = stored.deepCopy();
    completion.put("id", id);
    completion.put("created", created);
    completion.put("model", model);
    return completion;
  }

  /** Canonical chunks that say what the answer says: role, content, tool calls, finish, then usage. */
  static List<ObjectNode> chunks(ObjectNode completion, boolean usage) {
    List<ObjectNode> chunks = new ArrayList<>();
    for (JsonNode choice : completion.path("choices")) {
      int index = choice.path("index").asInt(0);
      JsonNode message = choice.path("message");
      ObjectNode first = Json.object().put("role", "assistant");
      first.put("content", "");
      chunks.add(chunk(completion, index, first, null));
      JsonNode r = message.get("reasoning_content");
      if (r != null && r.isString() && !r.stringValue().isEmpty()) {
        chunks.add(chunk(completion, index, Json.object().put("reasoning_content", r.stringValue()), null));
      }
      JsonNode c = message.get("content");
      if (c != null && c.isString() && !c.stringValue().isEmpty()) {
        for (String piece : pieces(c.stringValue())) {
          chunks.add(chunk(completion, index, Json.object().put("content", piece), null));
        }
      }
      int at = 0;
      for (JsonNode call : message.path("tool_calls")) {
        ObjectNode delta = Json.object();
        ObjectNode tool = delta.putArray("tool_calls").addObject();
        tool.put("index", at++);
        tool.put("id", call.path("id").asString(""));
        tool.put("type", "function");
        tool.putObject("function").put("name", call.path("function").path("name").asString(""))
            .put("arguments", call.path("function").path("arguments").asString(""));
        chunks.add(chunk(completion, index, delta, null));
      }
      chunks.add(chunk(completion, index, Json.object(), choice.path("finish_reason").asString("stop")));
    }
    if (usage && completion.get("usage") instanceof ObjectNode u) {
      ObjectNode chunk = base(completion);
      chunk.putArray("choices");
      chunk.set("usage", u.deepCopy());
      chunks.add(chunk);
    }
    return chunks;
  }

  /** Content in pieces of about 64 characters, so a replayed stream streams (never splitting a surrogate pair). */
  private static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + 64);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }

  private static ObjectNode base(ObjectNode completion) {
    ObjectNode chunk = Json.object();
    chunk.put("id", completion.path("id").asString());
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", completion.path("created").asLong());
    chunk.put("model", completion.path("model").asString());
    return chunk;
  }

  private static ObjectNode chunk(ObjectNode completion, int index, ObjectNode delta, @Nullable String finish) {
    ObjectNode chunk = base(completion);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", index);
    choice.set("delta", delta);
    choice.put("finish_reason", finish);
    return chunk;
  }

  /** Each dialect's id prefix on the same random part, as the routing engine names translated answers. */
  static String clientId(Dialect dialect, String canonicalId) {
    String random = canonicalId.startsWith("chatcmpl-") ? canonicalId.substring("chatcmpl-".length()) : canonicalId;
    return switch (dialect) {
      case ANTHROPIC -> "msg_" + random;
      case RESPONSES -> "resp_" + random;
      default -> canonicalId;
    };
  }
}
