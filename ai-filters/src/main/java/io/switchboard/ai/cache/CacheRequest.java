package io.switchboard.ai.cache;

import io.switchboard.ai.provider.anthropic.AnthropicInboundTranslator;
import io.switchboard.ai.provider.gemini.GeminiInboundTranslator;
import io.switchboard.ai.provider.openai.ResponsesInboundTranslator;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundTranslator;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.Dialect;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the cache knows about one chat request: its canonical form (the OpenAI Chat Completions request the gateway's
 * inbound translators make of any client dialect, normalized), the exact key, and the facts the semantic cache needs.
 *
 * @param canonical the normalized canonical request (without model, stream and transport-only fields)
 * @param key the exact key: SHA-256 over the canonical JSON of the request, model, route, tenant and namespace
 * @param scope what must match for a semantic hit: tenant, route, namespace, model, system prompt (and optionally
 *     the earlier turns), hashed; {@code null} when the request was read for an exact-only route
 * @param lastUserText the text of the last user turn
 * @param hasToolResults whether the conversation carries tool results (never cached semantically)
 * @param temperature the requested temperature, or {@code null} when the client set none
 */
public record CacheRequest(ObjectNode canonical, String key, @Nullable String scope, String model, Dialect dialect,
    boolean stream, boolean includeUsage, String lastUserText, boolean hasToolResults, @Nullable Double temperature) {

  /** Fields that do not change the answer: transport, bookkeeping and client-side options. */
  private static final Set<String> IGNORED = Set.of("model", "stream", "stream_options", "user", "metadata", "store",
      "service_tier", "safety_identifier", "prompt_cache_key");

  private static final Map<Dialect, InboundTranslator> INBOUND = Map.of(
      Dialect.ANTHROPIC, new AnthropicInboundTranslator(),
      Dialect.GEMINI, new GeminiInboundTranslator(),
      Dialect.RESPONSES, new ResponsesInboundTranslator());

  /** The inbound translator of a client dialect, or {@code null} for OpenAI (the canonical dialect itself). */
  static @Nullable InboundTranslator inbound(Dialect dialect) {
    return INBOUND.get(dialect);
  }

  /**
   * The canonical request of a client request, through the same inbound translators the routing engine uses.
   *
   * @throws io.switchboard.ai.error.AiException when the request is invalid in its dialect (the caller lets the
   *     routing engine answer it)
   */
  static ObjectNode canonical(AiRequest request) {
    Dialect dialect = request.dialect();
    String model = request.model() == null ? "" : request.model();
    ObjectNode canonical;
    if (dialect == Dialect.OPENAI) {
      canonical = request.tree().deepCopy();
    } else {
      InboundTranslator inbound = INBOUND.get(dialect);
      if (inbound == null) {
        throw new IllegalArgumentException("no inbound translator for " + dialect);
      }
      canonical = inbound.toCanonical(request.tree().deepCopy(),
          new InboundContext(model, request.stream(), "chatcmpl-cache", 0));
    }
    return normalize(canonical);
  }

  /** Drops what does not change the answer and writes equivalent forms one way. */
  static ObjectNode normalize(ObjectNode request) {
    for (String field : IGNORED) {
      request.remove(field);
    }
    JsonNode maxCompletion = request.remove("max_completion_tokens");
    if (maxCompletion != null && !request.has("max_tokens")) {
      request.set("max_tokens", maxCompletion);
    }
    if (request.get("messages") instanceof ArrayNode messages) {
      for (JsonNode message : messages) {
        if (message instanceof ObjectNode m) {
          if (m.get("content") instanceof ArrayNode parts && onlyText(parts)) {
            StringBuilder text = new StringBuilder();
            parts.forEach(part -> text.append(part.path("text").asString("")));
            m.put("content", text.toString());
          }
          if (m.path("role").asString("").equals("developer")) {
            m.put("role", "system");
          }
          if (m.has("name") && m.get("name").isNull()) {
            m.remove("name");
          }
        }
      }
    }
    return request;
  }

  private static boolean onlyText(ArrayNode parts) {
    for (JsonNode part : parts) {
      if (!part.path("type").asString("").equals("text") || part.size() != 2 || !part.has("text")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Everything about one request the cache needs.
   *
   * @param tenant who may share answers ({@code vk:<id>}, {@code sk:<hash>}, {@code team:<id>} or {@code route})
   * @param contextDigest whether the turns before the last user turn are part of the semantic scope
   */
  static CacheRequest of(AiRequest request, String routeId, String tenant, String namespace, boolean contextDigest) {
    return of(request, routeId, tenant, namespace, contextDigest, true);
  }

  /**
   * As {@link #of(AiRequest, String, String, String, boolean)}; without {@code semantic} the semantic scope (a second
   * canonical serialization and hash of the system prompt and earlier turns) is not computed and is {@code null}.
   */
  static CacheRequest of(AiRequest request, String routeId, String tenant, String namespace, boolean contextDigest,
      boolean semantic) {
    ObjectNode canonical = canonical(request);
    String model = request.model() == null ? "" : request.model();
    ObjectNode keyed = io.switchboard.ai.Json.object();
    keyed.set("request", canonical);
    keyed.put("model", model);
    keyed.put("route", routeId);
    keyed.put("tenant", tenant);
    keyed.put("namespace", namespace);
    keyed.put("operation", "chat");
    String key = CanonicalJson.sha256(keyed);

    String lastUser = "";
    boolean toolResults = false;
    ArrayNode system = io.switchboard.ai.Json.array();
    ArrayNode earlier = io.switchboard.ai.Json.array();
    JsonNode messages = canonical.path("messages");
    int last = -1;
    for (int i = 0; i < messages.size(); i++) {
      String role = messages.get(i).path("role").asString("");
      if (role.equals("user")) {
        last = i;
      }
      if (role.equals("tool") || role.equals("function")) {
        toolResults = true;
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asString("");
      if (role.equals("system")) {
        system.add(message);
      } else if (i == last) {
        JsonNode content = message.get("content");
        lastUser = content != null && content.isString() ? content.stringValue()
            : content == null ? "" : CanonicalJson.write(content);
      } else if (i < last) {
        earlier.add(message);
      }
    }
    JsonNode temperature = canonical.get("temperature");
    return new CacheRequest(canonical, key, semantic ? scope(canonical, system, contextDigest ? earlier : null,
        model, routeId, tenant, namespace) : null, model, request.dialect(), request.stream(),
        request.includeUsage(), lastUser, toolResults,
        temperature != null && temperature.isNumber() ? temperature.doubleValue() : null);
  }

  /**
   * The semantic scope: everything but the last user turn's wording must match exactly, sampling and output shape
   * included (tools, response format, max tokens…).
   */
  private static String scope(ObjectNode canonical, ArrayNode system, @Nullable ArrayNode earlier, String model,
      String routeId, String tenant, String namespace) {
    // A shallow copy is enough: the scope is only hashed, and the messages (most of the request) are left out.
    ObjectNode scope = io.switchboard.ai.Json.object();
    for (Map.Entry<String, JsonNode> field : canonical.properties()) {
      if (!field.getKey().equals("messages") && !field.getKey().equals("temperature")) {
        scope.set(field.getKey(), field.getValue());
      }
    }
    scope.set("system", system);
    if (earlier != null) {
      scope.set("earlier", earlier);
    }
    scope.put("~model", model);
    scope.put("~route", routeId);
    scope.put("~tenant", tenant);
    scope.put("~namespace", namespace);
    return CanonicalJson.sha256(scope);
  }
}
