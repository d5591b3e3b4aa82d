package io.switchboard.ai.catalog;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.anthropic.AnthropicInboundTranslator;
import io.switchboard.ai.provider.gemini.GeminiInboundTranslator;
import io.switchboard.ai.provider.openai.ResponsesInboundTranslator;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundTranslator;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.Endpoint;
import io.switchboard.ai.request.Operation;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The estimated prompt tokens of an exchange's AI request, whatever the client's dialect, computed at most once per
 * exchange and kept under {@link #ATTRIBUTE} (a {@code Long}), so that routing predicates on any number of routes
 * and filters running later (budget reservation) share one estimate.
 *
 * <p>Chat requests are estimated as the gateway's {@code count_tokens} endpoints do: a Responses, Anthropic or Gemini
 * request is translated to the canonical dialect by its inbound translator, then counted by {@link TokenEstimator}
 * (jtokkit for OpenAI encodings, documented factors elsewhere). Unlike {@code count_tokens}, no provider is known
 * yet, so the model family is judged by the model name alone. A request the translator refuses although it is valid
 * JSON (an Anthropic server tool, a Gemini audio part: requests that the same-dialect fast path still serves) is
 * estimated as if all its text were one user message: every string value except base64 payloads ({@code data}
 * fields, {@code data:} URLs) and the model name. Embeddings are estimated the same way from their input texts (a
 * token-id input counts one token per id).
 *
 * <p>Cost is linear in the body: the tree parse (shared with the translators through {@link AiRequest#tree()}) plus
 * the tokenizer pass over the text, about 40 µs for a 1 KB chat request and 22 ms for 100k tokens on the project's
 * machine (docs/routing.md); {@link #ofAsync} keeps long ones off the event loop.
 */
public final class PromptTokens {

  /** Exchange attribute holding the estimate ({@code Long}), {@link #UNKNOWN} when the body could not be read. */
  public static final String ATTRIBUTE = PromptTokens.class.getName();

  /** The estimate of a request that is not an AI request, or not valid JSON. */
  public static final long UNKNOWN = -1;

  /**
   * Bodies from this size on are estimated on Reactor's bounded-elastic scheduler by {@link #ofAsync} (32 KiB:
   * roughly 7k tokens, about a millisecond of tokenizing, against microseconds for the thread hop).
   */
  public static final int OFFLOAD_BYTES = 32 * 1024;

  private static final Map<Dialect, InboundTranslator> TRANSLATORS = Map.of(
      Dialect.ANTHROPIC, new AnthropicInboundTranslator(),
      Dialect.GEMINI, new GeminiInboundTranslator(),
      Dialect.RESPONSES, new ResponsesInboundTranslator());

  /** Fields whose strings are not prompt text: base64 payloads, and the model name. */
  private static final Set<String> NOT_TEXT = Set.of("data", "model");

  /** Where embeddings requests hold their texts: OpenAI's {@code input}, Gemini's {@code content} and batch. */
  private static final Set<String> EMBEDDING_INPUTS = Set.of("input", "content", "requests");

  private PromptTokens() {
  }

  /**
   * The exchange's estimate, as {@link #of}, for callers on an event loop: a body of {@link #OFFLOAD_BYTES} or more
   * not yet estimated is estimated on the bounded-elastic scheduler (tokenizing 100k tokens takes about 22 ms, which
   * would stall every other connection the loop serves), and the chain continues there.
   */
  public static Mono<Long> ofAsync(ServerWebExchange exchange, AiRequest request) {
    if (request.body().length < OFFLOAD_BYTES || exchange.getAttribute(ATTRIBUTE) != null) {
      return Mono.just(of(exchange, request));
    }
    return Mono.fromCallable(() -> of(exchange, request)).subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * An estimate as a token count: the estimate itself, or, when it is {@link #UNKNOWN}, about four bytes a token of
   * the body. The one fallback of the rate limiter's reservations and of the hedge-loser charges of budgets and rate
   * limits, so they agree.
   */
  public static long orBodyEstimate(long estimate, AiRequest request) {
    return estimate == UNKNOWN ? request.body().length / 4 : estimate;
  }

  /** The exchange's estimate, computed on the first call and then read from {@link #ATTRIBUTE}. */
  public static long of(ServerWebExchange exchange, AiRequest request) {
    Long cached = exchange.getAttribute(ATTRIBUTE);
    if (cached != null) {
      return cached;
    }
    long tokens = estimate(request);
    exchange.getAttributes().put(ATTRIBUTE, tokens);
    return tokens;
  }

  /** The estimate of one request, uncached; {@link #UNKNOWN} when it is not valid JSON or names no AI endpoint. */
  public static long estimate(AiRequest request) {
    Endpoint endpoint = request.endpoint();
    if (endpoint == null || request.body().length == 0) {
      return UNKNOWN;
    }
    ObjectNode tree;
    try {
      tree = request.tree();
    } catch (AiException invalidJson) {
      return UNKNOWN;
    }
    String model = request.model() == null ? "" : request.model();
    if (endpoint.operation() == Operation.EMBEDDINGS) {
      return asOneMessage(model, tree, EMBEDDING_INPUTS);
    }
    if (endpoint.dialect() == Dialect.OPENAI) {
      return TokenEstimator.estimatePromptTokens(tree);
    }
    InboundTranslator translator = TRANSLATORS.get(endpoint.dialect());
    ObjectNode countable = countable(tree, endpoint.dialect());
    try {
      return TokenEstimator.estimatePromptTokens(
          translator.toCanonical(countable, new InboundContext(model, false, "", 0)));
    } catch (AiException notTranslatable) {
      return asOneMessage(model, countable, null);
    }
  }

  /**
   * The part of a request that holds the prompt: Gemini's {@code countTokens} may wrap it in
   * {@code generateContentRequest}; Anthropic's {@code count_tokens} has no {@code max_tokens}, which the translator
   * requires, so a shallow copy (the client's tree stays as it came) gets one.
   */
  private static ObjectNode countable(ObjectNode tree, Dialect dialect) {
    if (dialect == Dialect.GEMINI && tree.get("generateContentRequest") instanceof ObjectNode inner) {
      return inner;
    }
    if (dialect == Dialect.ANTHROPIC && !tree.has("max_tokens")) {
      ObjectNode copy = Json.object();
      copy.setAll(tree);
      return copy.put("max_tokens", 1);
    }
    return tree;
  }

  /**
   * The text of {@code request} (of its {@code fields} only, unless {@code null}) counted as one user message of
   * {@code model} (see the class comment).
   */
  private static long asOneMessage(String model, ObjectNode request, @Nullable Set<String> fields) {
    StringBuilder text = new StringBuilder();
    long tokenIds = 0;
    for (Map.Entry<String, JsonNode> field : request.properties()) {
      if (fields == null || fields.contains(field.getKey())) {
        tokenIds += collectText(field.getValue(), field.getKey(), text);
      }
    }
    ObjectNode canonical = Json.object().put("model", model);
    canonical.putArray("messages").addObject().put("role", "user").put("content", text.toString());
    return TokenEstimator.estimatePromptTokens(canonical) + tokenIds;
  }

  /** Appends the text under {@code node} (one line per string); returns the number of token ids met. */
  private static long collectText(JsonNode node, @Nullable String field, StringBuilder text) {
    long tokenIds = 0;
    if (node.isString()) {
      String value = node.asString();
      if (!(field != null && NOT_TEXT.contains(field)) && !value.startsWith("data:")) {
        text.append(value).append('\n');
      }
    } else if (node.isIntegralNumber() && "input".equals(field)) {
      tokenIds++; // an embeddings input may be given as token ids
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        tokenIds += collectText(entry.getValue(), entry.getKey(), text);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        tokenIds += collectText(element, field, text);
      }
    }
    return tokenIds;
  }
}
