package io.switchboard.ai.routing;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.Operation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The offline demo model ({@code type: demo}): an in-process upstream speaking the OpenAI dialect, so a fresh
 * gateway answers chats and embeddings with no key and no network. Its answers are deterministic (they depend
 * only on the request), which also makes it a fixture for end-to-end tests. It goes through the same engine as a
 * real OpenAI-compatible provider.
 */
final class DemoUpstream {

  private static final int EMBEDDING_DIMENSIONS = 64;

  private DemoUpstream() {
  }

  static UpstreamReply reply(Operation operation, byte[] requestBody, String responseId, long created) {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree(requestBody);
    if (operation == Operation.EMBEDDINGS) {
      return json(embeddings(request));
    }
    String model = request.path("model").asString("demo");
    String text = answer(request);
    long promptTokens = countWords(request.path("messages").toString());
    long completionTokens = countWords(text);
    if (!request.path("stream").asBoolean(false)) {
      ObjectNode body = Json.object();
      body.put("id", responseId).put("object", "chat.completion").put("created", created).put("model", model);
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", text);
      choice.put("finish_reason", "stop");
      usage(body, promptTokens, completionTokens);
      return json(body);
    }
    List<byte[]> events = new ArrayList<>();
    events.add(event(chunk(responseId, created, model, Json.object().put("role", "assistant").put("content", ""),
        null)));
    for (String piece : pieces(text)) {
      events.add(event(chunk(responseId, created, model, Json.object().put("content", piece), null)));
    }
    events.add(event(chunk(responseId, created, model, Json.object(), "stop")));
    if (request.path("stream_options").path("include_usage").asBoolean(false)) {
      ObjectNode usageChunk = chunk(responseId, created, model, null, null);
      usageChunk.putArray("choices");
      usage(usageChunk, promptTokens, completionTokens);
      events.add(event(usageChunk));
    }
    events.add("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
    return new UpstreamReply(200, "text/event-stream", Flux.fromIterable(events));
  }

  private static String answer(ObjectNode request) {
    String lastUser = "";
    for (JsonNode message : request.path("messages")) {
      if (message.path("role").asString("").equals("user")) {
        JsonNode content = message.path("content");
        if (content.isString()) {
          lastUser = content.asString();
        } else if (content.isArray()) {
          StringBuilder sb = new StringBuilder();
          for (JsonNode part : content) {
            if (part.path("type").asString("").equals("text")) {
              sb.append(part.path("text").asString(""));
            }
          }
          lastUser = sb.toString();
        }
      }
    }
    if (lastUser.length() > 200) {
      lastUser = lastUser.substring(0, 200) + "…";
    }
    String text = "Hello from Switchboard's offline demo model. You said: \"" + lastUser + "\". "
        + "Set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY to reach real models.";
    String format = request.path("response_format").path("type").asString("");
    if (format.equals("json_object") || format.equals("json_schema")) {
      return Json.object().put("demo", true).put("echo", lastUser).toString();
    }
    return text;
  }

  private static ObjectNode embeddings(ObjectNode request) {
    JsonNode input = request.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isArray()) {
      input.forEach(n -> texts.add(n.isString() ? n.asString() : n.toString()));
    } else {
      texts.add(input.asString(""));
    }
    boolean base64 = request.path("encoding_format").asString("float").equals("base64");
    ObjectNode body = Json.object().put("object", "list");
    ArrayNode data = body.putArray("data");
    long tokens = 0;
    for (int i = 0; i < texts.size(); i++) {
      float[] vector = vector(texts.get(i));
      tokens += countWords(texts.get(i));
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
          buf.putFloat(f);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(buf.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float f : vector) {
          values.add(f);
        }
      }
    }
    body.put("model", request.path("model").asString("demo"));
    body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return body;
  }

  /** A deterministic unit vector from character trigrams: similar texts get similar vectors. */
  private static float[] vector(String text) {
    float[] v = new float[EMBEDDING_DIMENSIONS];
    String t = " " + text.toLowerCase(java.util.Locale.ROOT) + " ";
    for (int i = 0; i + 3 <= t.length(); i++) {
      int h = t.substring(i, i + 3).hashCode();
      v[Math.floorMod(h, EMBEDDING_DIMENSIONS)] += (h & 0x100) == 0 ? 1f : -1f;
    }
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return v;
  }

  private static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    return out;
  }

  private static long countWords(String s) {
    return Math.max(1, s.split("\\s+").length);
  }

  private static ObjectNode chunk(String id, long created, String model, ObjectNode delta, String finish) {
    ObjectNode chunk = Json.object();
    chunk.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    if (delta != null) {
      ObjectNode choice = chunk.putArray("choices").addObject();
      choice.put("index", 0);
      choice.set("delta", delta);
      choice.put("finish_reason", finish);
    }
    return chunk;
  }

  private static void usage(ObjectNode body, long prompt, long completion) {
    body.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
  }

  private static byte[] event(ObjectNode chunk) {
    return ("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static UpstreamReply json(ObjectNode body) {
    return new UpstreamReply(200, "application/json",
        Flux.just(Json.MAPPER.writeValueAsBytes(body)));
  }
}
