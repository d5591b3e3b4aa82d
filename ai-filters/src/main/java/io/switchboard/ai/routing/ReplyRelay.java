package io.switchboard.ai.routing;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiErrors;
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
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays a provider's reply to the client: error statuses become errors in the client's dialect, JSON answers are
 * read whole (bounded) and translated, and event streams are relayed event by event as they arrive, never
 * buffered. A stream's response head is held back until its first output, so a stream that fails at once still
 * gets a proper error status; once output has been sent, failures end the stream with an error event.
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
   * @param client the dialect the client speaks, which decides where its usage object is
   */
  record Exchange(ServerWebExchange web, AiCall call, Provider provider, TranslationContext context,
      Dialect client) {
  }

  /** A reply from an OpenAI-dialect provider to an OpenAI client: the fast path. */
  Mono<Void> openAi(Exchange ex, UpstreamReply reply) {
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
  Mono<Void> local(Exchange ex, byte[] json) {
    ServerHttpResponse response = ex.web().getResponse();
    response.setStatusCode(HttpStatus.OK);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getHeaders().setContentLength(json.length);
    ex.call().recordOutcome(AiCall.Outcome.SUCCESS, 200);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
  }

  /**
   * A non-streamed reply already in the client's dialect: forwarded byte for byte, usage read on the side, but for
   * the cost spliced into its usage object ({@link UsageCost}).
   */
  Mono<Void> passthroughJson(Exchange ex, UpstreamReply reply, Function<byte[], TokenUsage> usage) {
    return forward(ex, reply, bytes -> {
      TokenUsage counted = usage.apply(bytes);
      ex.call().recordUsage(counted);
      return usageCost(ex).intoJson(bytes, counted);
    });
  }

  /** Reads a whole non-streamed reply and answers with the body {@code relay} makes of it. */
  private Mono<Void> forward(Exchange ex, UpstreamReply reply, Function<byte[], byte[]> relay) {
    if (reply.status() >= 300) {
      return failed(ex, reply);
    }
    return collect(reply.body(), maxResponseBytes).flatMap(bytes -> writeJson(ex, reply, relay.apply(bytes)));
  }

  /** A non-streamed reply that a translator turns into the client's dialect. */
  Mono<Void> translatedJson(Exchange ex, UpstreamReply reply, Function<JsonNode, ObjectNode> translate,
      Function<JsonNode, TokenUsage> usage) {
    if (reply.status() >= 300) {
      return failed(ex, reply);
    }
    return collect(reply.body(), maxResponseBytes).flatMap(bytes -> {
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(bytes);
      } catch (JacksonException e) {
        return Mono.error(AiException.upstream("Provider '" + ex.provider().id()
            + "' answered with a body that is not JSON.", "upstream_invalid_response"));
      }
      TokenUsage counted = usage.apply(json);
      ex.call().recordUsage(counted);
      ObjectNode answer = translate.apply(json);
      usageCost(ex).intoJson(answer, counted);
      return writeJson(ex, reply, Json.MAPPER.writeValueAsBytes(answer));
    });
  }

  /** A streamed reply that a translator turns into the client's dialect. */
  Mono<Void> translatedStream(Exchange ex, UpstreamReply reply, StreamCodec codec) {
    if (reply.status() >= 300) {
      return failed(ex, reply);
    }
    return stream(ex, reply, codec);
  }

  private Mono<Void> stream(Exchange ex, UpstreamReply reply, StreamCodec codec) {
    if (!reply.isEventStream() && !reply.isAwsEventStream() && !reply.isNdjson()) {
      // Some servers answer a stream request that fails validation with a JSON error and status 200.
      return collect(reply.body(), MAX_ERROR_BODY).flatMap(bytes -> Mono.error(UpstreamErrors.toClientError(
          ex.provider(), 502, bytes, null, null)));
    }
    ServerHttpResponse response = ex.web().getResponse();
    EventFramer decoder = reply.isAwsEventStream() ? EventFramer.aws()
        : reply.isNdjson() ? EventFramer.ndjson() : EventFramer.sse();
    Flux<DataBuffer> out = reply.body()
        .<DataBuffer>handle((bytes, sink) -> {
          ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length + 64);
          for (SseEvent event : decoder.feed(bytes)) {
            codec.onEvent(event, buffer);
          }
          if (buffer.size() > 0) {
            sink.next(response.bufferFactory().wrap(buffer.toByteArray()));
          }
        })
        .concatWith(Mono.fromSupplier(() -> {
          if (!codec.finished()) {
            throw AiException.upstream("Provider '" + ex.provider().id()
                + "' ended the stream before it was complete.", "stream_truncated");
          }
          ByteArrayOutputStream buffer = new ByteArrayOutputStream();
          codec.onComplete(buffer);
          return response.bufferFactory().wrap(buffer.toByteArray());
        }))
        .doOnNext(b -> ex.call().recordUsage(codec.usage()))
        .doOnComplete(() -> {
          ex.call().recordUsage(codec.usage());
          price(ex);
          ex.call().recordOutcome(AiCall.Outcome.SUCCESS, 200);
        })
        .doOnCancel(() -> {
          ex.call().recordUsage(codec.usage());
          ex.call().recordOutcome(AiCall.Outcome.CANCELLED, 200);
        });
    return out.switchOnFirst((first, all) -> {
      if (first.isOnError()) {
        return Mono.error(first.getThrowable());
      }
      streamHead(ex, reply);
      Flux<DataBuffer> guarded = all.onErrorResume(e -> {
        AiException error = AiErrors.fromThrowable(e, ex.provider().id());
        ex.call().recordUsage(codec.usage());
        ex.call().recordOutcome(AiCall.Outcome.UPSTREAM_ERROR, 200);
        return Mono.just(response.bufferFactory().wrap(codec.errorEvent(error)));
      });
      return response.writeAndFlushWith(guarded.map(Mono::just));
    }).then();
  }

  private Mono<Void> failed(Exchange ex, UpstreamReply reply) {
    return collect(reply.body(), MAX_ERROR_BODY)
        .onErrorResume(AiException.class, e -> Mono.just(new byte[0]))
        .flatMap(bytes -> Mono.error(UpstreamErrors.toClientError(ex.provider(), reply.status(), bytes,
            reply.retryAfter(), reply.retryAfterMs())));
  }

  private void streamHead(Exchange ex, UpstreamReply reply) {
    ServerHttpResponse response = ex.web().getResponse();
    response.setStatusCode(HttpStatus.OK);
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.TEXT_EVENT_STREAM);
    headers.setCacheControl("no-cache");
    headers.set("x-accel-buffering", "no");
    servedBy(ex, headers, reply);
  }

  private Mono<Void> writeJson(Exchange ex, UpstreamReply reply, byte[] bytes) {
    ServerHttpResponse response = ex.web().getResponse();
    response.setStatusCode(HttpStatus.OK);
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setContentLength(bytes.length);
    servedBy(ex, headers, reply);
    BigDecimal cost = price(ex);
    if (cost != null) {
      headers.set(COST_HEADER, UsageCost.format(cost));
    }
    ex.call().recordOutcome(AiCall.Outcome.SUCCESS, 200);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }

  private static void servedBy(Exchange ex, HttpHeaders headers, UpstreamReply reply) {
    headers.set(PROVIDER_HEADER, ex.provider().id());
    headers.set(MODEL_HEADER, ex.context().upstreamModel());
    if (reply.requestId() != null && reply.requestIdHeader() != null) {
      // Support tickets with a provider quote its request id; SDKs read it under the provider's own header name.
      headers.set(UPSTREAM_REQUEST_ID_HEADER, reply.requestId());
      headers.set(reply.requestIdHeader(), reply.requestId());
    }
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
