package io.switchboard.ai.routing;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.JsonBodyScanner;
import io.switchboard.ai.request.JsonBodyScanner.UsageSpan;
import io.switchboard.ai.catalog.CatalogEntry;
import io.switchboard.ai.catalog.CostCalculator;
import io.switchboard.ai.catalog.ModelCatalog;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a provider's reply into the client's answer as {@link Chunk}s: error statuses become errors in the client's
 * dialect, JSON answers are read whole (bounded) and translated, and event streams are translated event by event as
 * they arrive, never buffered. Nothing here writes to the client: {@link AnswerWriter} does, once the first chunk
 * exists, so an attempt that fails before its first output can still fail over.
 */
final class ReplyRelay {

  /** Response header naming the provider that served the request. */
  static final String PROVIDER_HEADER = "x-switchboard-provider";
  /** Response header naming the model the provider was asked for. */
  static final String MODEL_HEADER = "x-switchboard-model";
  /** Response header carrying the provider's id for the request, when it sent one. */
  static final String UPSTREAM_REQUEST_ID_HEADER = "x-switchboard-upstream-request-id";

  private static final int MAX_ERROR_BODY = 64 * 1024;

  /** Response header with the cost of a non-streamed answer in US dollars, when the model is priced. */
  static final String COST_HEADER = "x-switchboard-cost-usd";

  private final long maxResponseBytes;
  private final ModelCatalog catalog;
  private final boolean costInUsage;

  /** {@code costInUsage}: whether responses also report their cost in their usage object ({@code ai.cost.in-usage}). */
  ReplyRelay(long maxResponseBytes, ModelCatalog catalog, boolean costInUsage) {
    this.maxResponseBytes = maxResponseBytes;
    this.catalog = catalog;
    this.costInUsage = costInUsage;
  }

  /** Prices the call's usage by the catalog and records the cost on the call. */
  private @Nullable BigDecimal price(Exchange ex) {
    BigDecimal cost = prices(ex).map(e -> CostCalculator.cost(e, ex.call().usage())).orElse(null);
    ex.call().recordCost(cost);
    return cost;
  }

  /** The upstream model's prices: by provider type, then the bare model across providers. */
  private Optional<CatalogEntry> prices(Exchange ex) {
    String model = ex.context().upstreamModel();
    Optional<CatalogEntry> entry = catalog.find(ex.provider().type().id(), model);
    return entry.isPresent() ? entry : catalog.findByModel(model);
  }

  /** How the exchange's client gets the cost in its usage object (not at all when switched off). */
  UsageCost usageCost(Exchange ex) {
    return costInUsage ? UsageCost.forClient(ex.client(), prices(ex).orElse(null)) : UsageCost.NONE;
  }

  /**
   * The exchange being answered, with what the engine decided for it.
   *
   * @param options the failover target's settings that change the call (timeouts, headers)
   * @param client the dialect the client speaks, which decides where its usage object is
   */
  record Exchange(ServerWebExchange web, AiCall call, Provider provider, TranslationContext context,
      TargetOptions options, Dialect client) {
  }

  /** A reply from an OpenAI-dialect provider to an OpenAI client: the fast path. */
  Flux<Chunk> openAi(Exchange ex, UpstreamReply reply) {
    if (reply.status() >= 300) {
      return failed(ex, reply);
    }
    if (ex.call().stream()) {
      return stream(ex, reply, new OpenAiPassthroughCodec(ex.context().includeUsage(), usageCost(ex)));
    }
    return forward(ex, reply, bytes -> {
      // One streaming pass finds the usage object: its counts, and where the cost goes.
      UsageSpan span = JsonBodyScanner.usage(bytes);
      TokenUsage usage = OpenAiShapes.usageOf(span.usage());
      ex.call().recordUsage(usage);
      return usageCost(ex).intoJson(bytes, span, usage);
    });
  }

  /** An answer the gateway makes itself (no provider call), e.g. a token count. */
  Flux<Chunk> local(Exchange ex, byte[] json) {
    return Flux.defer(() -> {
      ex.call().recordOutcome(AiCall.Outcome.SUCCESS, 200);
      return Flux.just(Chunk.first(AnswerHead.json(Map.of(), ex.call(), ex.provider().id()), json));
    });
  }

  /**
   * A non-streamed reply already in the client's dialect: forwarded byte for byte, usage read on the side, but for
   * the cost spliced into its usage object ({@link UsageCost}).
   */
  Flux<Chunk> passthroughJson(Exchange ex, UpstreamReply reply, Function<byte[], TokenUsage> usage) {
    return forward(ex, reply, bytes -> {
      TokenUsage counted = usage.apply(bytes);
      ex.call().recordUsage(counted);
      return usageCost(ex).intoJson(bytes, counted);
    });
  }

  /** Reads a whole non-streamed reply and answers with the body {@code relay} makes of it. */
  private Flux<Chunk> forward(Exchange ex, UpstreamReply reply, Function<byte[], byte[]> relay) {
    if (reply.status() >= 300) {
      return failed(ex, reply);
    }
    return collect(reply.body(), maxResponseBytes).flatMapMany(bytes -> json(ex, reply, relay.apply(bytes)));
  }

  /** A non-streamed reply that a translator turns into the client's dialect. */
  Flux<Chunk> translatedJson(Exchange ex, UpstreamReply reply, Function<JsonNode, ObjectNode> translate,
      Function<JsonNode, TokenUsage> usage) {
    if (reply.status() >= 300) {
      return failed(ex, reply);
    }
    return collect(reply.body(), maxResponseBytes).flatMapMany(bytes -> {
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(bytes);
      } catch (JacksonException e) {
        return Flux.error(AiException.upstream("Provider '" + ex.provider().id()
            + "' answered with a body that is not JSON.", "upstream_invalid_response"));
      }
      TokenUsage counted = usage.apply(json);
      ex.call().recordUsage(counted);
      ObjectNode answer = translate.apply(json);
      usageCost(ex).intoJson(answer, counted);
      return json(ex, reply, Json.MAPPER.writeValueAsBytes(answer));
    });
  }

  /** A streamed reply that a translator turns into the client's dialect. */
  Flux<Chunk> translatedStream(Exchange ex, UpstreamReply reply, StreamCodec codec) {
    if (reply.status() >= 300) {
      return failed(ex, reply);
    }
    return stream(ex, reply, codec);
  }

  /**
   * The client's events, translated as each provider read arrives. The first chunk carries the head; errors before
   * it fail the attempt (the engine may fail over), errors after it are the writer's to turn into an error event.
   */
  private Flux<Chunk> stream(Exchange ex, UpstreamReply reply, StreamCodec codec) {
    if (!reply.isEventStream() && !reply.isAwsEventStream() && !reply.isNdjson()) {
      // Some servers answer a stream request that fails validation with a JSON error and status 200.
      return collect(reply.body(), MAX_ERROR_BODY).flatMapMany(bytes -> Flux.error(UpstreamErrors.toClientError(
          ex.provider(), 502, bytes, null, null)));
    }
    EventFramer decoder = reply.isAwsEventStream() ? EventFramer.aws()
        : reply.isNdjson() ? EventFramer.ndjson() : EventFramer.sse();
    boolean[] headSent = {false};
    return reply.body()
        .<byte[]>handle((bytes, sink) -> {
          ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length + 64);
          for (SseEvent event : decoder.feed(bytes)) {
            codec.onEvent(event, buffer);
          }
          if (buffer.size() > 0) {
            sink.next(buffer.toByteArray());
          }
        })
        .concatWith(Mono.fromSupplier(() -> {
          if (!codec.finished()) {
            throw AiException.upstream("Provider '" + ex.provider().id()
                + "' ended the stream before it was complete.", "stream_truncated");
          }
          ByteArrayOutputStream buffer = new ByteArrayOutputStream();
          codec.onComplete(buffer);
          return buffer.toByteArray();
        }))
        .map(bytes -> {
          ex.call().recordUsage(codec.usage());
          if (headSent[0]) {
            return Chunk.next(bytes);
          }
          headSent[0] = true;
          return Chunk.first(new AnswerHead(true, servedBy(ex, reply), ex.call(), ex.provider().id(),
              codec::errorEvent, codec::usage, ex.client()), bytes);
        })
        .doOnComplete(() -> {
          ex.call().recordUsage(codec.usage());
          price(ex);
          ex.call().recordOutcome(AiCall.Outcome.SUCCESS, 200);
        })
        .doOnCancel(() -> {
          ex.call().recordUsage(codec.usage());
          ex.call().recordOutcome(AiCall.Outcome.CANCELLED, 200);
        });
  }

  private Flux<Chunk> failed(Exchange ex, UpstreamReply reply) {
    return collect(reply.body(), MAX_ERROR_BODY)
        .onErrorResume(AiException.class, e -> Mono.just(new byte[0]))
        .flatMapMany(bytes -> Flux.error(UpstreamErrors.toClientError(ex.provider(), reply.status(), bytes,
            reply.retryAfter(), reply.retryAfterMs())));
  }

  private Flux<Chunk> json(Exchange ex, UpstreamReply reply, byte[] bytes) {
    Map<String, String> headers = servedBy(ex, reply);
    BigDecimal cost = price(ex);
    if (cost != null) {
      headers.put(COST_HEADER, UsageCost.format(cost));
    }
    ex.call().recordOutcome(AiCall.Outcome.SUCCESS, 200);
    return Flux.just(Chunk.first(AnswerHead.json(headers, ex.call(), ex.provider().id()), bytes));
  }

  private static Map<String, String> servedBy(Exchange ex, UpstreamReply reply) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(PROVIDER_HEADER, ex.provider().id());
    headers.put(MODEL_HEADER, ex.context().upstreamModel());
    if (reply.requestId() != null && reply.requestIdHeader() != null) {
      // Support tickets with a provider quote its request id; SDKs read it under the provider's own header name.
      headers.put(UPSTREAM_REQUEST_ID_HEADER, reply.requestId());
      headers.put(reply.requestIdHeader(), reply.requestId());
    }
    return headers;
  }

  /** Reads a whole body, failing with a 502 when it is larger than allowed. */
  private static Mono<byte[]> collect(Flux<byte[]> body, long limit) {
    return body.collect(ByteArrayOutputStream::new, (out, bytes) -> {
      if (out.size() + (long) bytes.length > limit) {
        throw AiException.upstream("The provider's response is larger than the gateway accepts (" + limit
            + " bytes).", "upstream_response_too_large");
      }
      out.writeBytes(bytes);
    }).map(ByteArrayOutputStream::toByteArray);
  }
}
