package io.switchboard.ai.routing;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderType;
import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.spi.EmbeddingsTranslator;
import io.switchboard.ai.provider.spi.InboundEmbeddingsTranslator;
import io.switchboard.ai.provider.spi.InboundTranslator;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.BodyScan;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.Endpoint;
import io.switchboard.ai.request.Operation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The routing engine of AI routes: reads the client's request, prepares the call for the target provider (the
 * same-dialect fast path, or a translator), makes it, and relays the answer. Every failure becomes an error in the
 * client's dialect; nothing here blocks.
 */
public final class AiRouteHandler {

  private final AiRequestReader reader;
  private final HttpUpstream http;
  private final ReplyRelay relay;
  private final ChatTranslators chatTranslators;
  private final Map<Dialect, EmbeddingsTranslator> embeddingsTranslators;
  private final Clock clock;
  private final InboundFlow inbound;
  private final FailoverRoutes failoverRoutes;
  private final FailoverEngine engine;

  public AiRouteHandler(AiRequestReader reader, reactor.netty.http.client.HttpClient httpClient,
      long maxResponseBytes, Map<Dialect, ChatTranslator> chatTranslators,
      Map<Dialect, EmbeddingsTranslator> embeddingsTranslators, Map<Dialect, InboundTranslator> inboundTranslators,
      Map<Dialect, InboundEmbeddingsTranslator> inboundEmbeddings, ModelCatalog catalog, boolean costInUsage,
      Clock clock, FailoverRoutes failoverRoutes) {
    this.reader = reader;
    this.failoverRoutes = failoverRoutes;
    this.engine = new FailoverEngine(this, reader);
    this.http = new HttpUpstream(httpClient, clock);
    this.relay = new ReplyRelay(maxResponseBytes, catalog, costInUsage);
    this.chatTranslators = new ChatTranslators(chatTranslators);
    this.embeddingsTranslators = Map.copyOf(embeddingsTranslators);
    this.clock = clock;
    this.inbound = new InboundFlow(http, relay, this.chatTranslators, inboundTranslators, inboundEmbeddings);
  }

  /** Serves the exchange from one provider, writing the response (or the error) itself. */
  public Mono<Void> handle(ServerWebExchange exchange, AiTarget target) {
    return handle(exchange, failoverRoutes.single(target));
  }

  /**
   * Serves the exchange through a failover route (a single provider's route is one with one target): attempts,
   * retries and failover until an answer starts, then writes it, or the error, in the client's dialect.
   */
  public Mono<Void> handle(ServerWebExchange exchange, FailoverRoute route) {
    long deadline = System.nanoTime() + route.policy().total().toNanos();
    String providerId = route.targets().get(0).target().provider().id();
    return AnswerWriter.write(exchange,
            reader.read(exchange).flatMapMany(request -> engine.run(exchange, request, route)),
            route.policy().keepAlive(), deadline)
        .onErrorResume(AskAgain.class::isInstance, e -> askAgain(exchange, route, (AskAgain) e))
        .onErrorResume(e -> {
          AiException error = AiErrors.fromThrowable(e instanceof AskAgain again ? again.otherwise() : e,
              providerId);
          AiCall call = AiCall.of(exchange);
          if (call != null) {
            call.recordOutcome(error.status() < 500 && error.status() != 429
                ? AiCall.Outcome.CLIENT_ERROR : AiCall.Outcome.UPSTREAM_ERROR, error.status());
          }
          return AiErrorResponder.write(exchange, error);
        });
  }

  /**
   * Runs the route once more with the body an {@link AnswerTap} asked for, unless it already did. The first answer's
   * call stays under {@link AiCall#FIRST_TRY_ATTRIBUTE} so its tokens are still accounted.
   */
  private Mono<Void> askAgain(ServerWebExchange exchange, FailoverRoute route, AskAgain again) {
    if (exchange.getAttributes().putIfAbsent(AskAgain.ASKED_ATTRIBUTE, Boolean.TRUE) != null) {
      return Mono.error(again.otherwise());
    }
    AiCall first = AiCall.of(exchange);
    if (first != null) {
      exchange.getAttributes().put(AiCall.FIRST_TRY_ATTRIBUTE, first);
    }
    return reader.read(exchange).flatMap(request -> {
      exchange.getAttributes().put(AiRequest.ATTRIBUTE, reader.withBody(request, again.body()));
      return handle(exchange, route).doOnTerminate(() -> foldFirstTry(exchange, first));
    });
  }

  /** Adds the rejected first answer's tokens and cost to the final call, which rate limits and budgets read. */
  private static void foldFirstTry(ServerWebExchange exchange, @org.jspecify.annotations.Nullable AiCall first) {
    AiCall last = AiCall.of(exchange);
    if (first == null || last == null || last == first) {
      return;
    }
    io.switchboard.ai.provider.spi.TokenUsage a = first.usage();
    io.switchboard.ai.provider.spi.TokenUsage b = last.usage();
    last.recordUsage(new io.switchboard.ai.provider.spi.TokenUsage(a.promptTokens() + b.promptTokens(),
        a.completionTokens() + b.completionTokens(), a.cachedTokens() + b.cachedTokens(),
        a.cacheWriteTokens() + b.cacheWriteTokens(), a.reasoningTokens() + b.reasoningTokens()));
    if (first.costUsd() != null || last.costUsd() != null) {
      java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
      sum = first.costUsd() == null ? sum : sum.add(first.costUsd());
      sum = last.costUsd() == null ? sum : sum.add(last.costUsd());
      last.recordCost(sum);
    }
  }

  /** One attempt: the answer of one target, as chunks; nothing is written here. */
  Flux<Chunk> attempt(ServerWebExchange exchange, AiRequest request, AiTarget target) {
    return Flux.defer(() -> route(exchange, request, target));
  }

  private Flux<Chunk> route(ServerWebExchange exchange, AiRequest request, AiTarget target) {
    Endpoint endpoint = request.endpoint();
    if (endpoint == null) {
      return Flux.error(new AiException(404, "invalid_request_error", "unknown_url", null,
          "This AI route serves chat and embeddings endpoints (/v1/chat/completions, /v1/embeddings, /v1/messages,"
              + " /v1beta/models/{model}:generateContent …); '" + exchange.getRequest().getPath()
              + "' is none of them.", null));
    }
    Operation operation = endpoint.operation();
    BodyScan scan = request.scan();
    String model = request.model();
    if (model == null || model.isBlank()) {
      return Flux.error(AiException.invalidRequest("You must provide a model parameter.", "model"));
    }
    Provider provider = target.provider();
    if (!provider.enabled()) {
      return Flux.error(new AiException(503, "upstream_error", "provider_not_configured", null,
          "Model '" + model + "' is served by provider '" + provider.id()
              + "', which is not enabled on this gateway (no " + (provider.type() == ProviderType.VERTEX
              || provider.type() == ProviderType.BEDROCK ? "credentials" : "API key") + " configured).", null));
    }
    String upstreamModel = target.upstreamModel(model);
    boolean stream = operation == Operation.CHAT && request.stream();
    AiCall call = new AiCall(provider.id(), model, upstreamModel, stream);
    exchange.getAttributes().put(AiCall.ATTRIBUTE, call);
    boolean openAiClient = endpoint.dialect() == Dialect.OPENAI;
    // Clients of other dialects always get usage in their final events, so the canonical stream must carry it.
    TranslationContext context = new TranslationContext(upstreamModel, model, stream,
        !openAiClient || scan.includeUsage(), responseId(), clock.millis() / 1000, provider.defaultMaxTokens());
    ReplyRelay.Exchange relayed = new ReplyRelay.Exchange(exchange, call, provider, context, target.options(),
        endpoint.dialect());
    if (!openAiClient) {
      return inbound.route(relayed, request, endpoint);
    }
    Dialect dialect = provider.dialect(upstreamModel);
    if (dialect == Dialect.OPENAI || dialect == Dialect.DEMO) {
      byte[] body = OpenAiBodies.forUpstream(request, scan, upstreamModel, stream, provider.streamOptions());
      if (dialect == Dialect.DEMO) {
        return relay.openAi(relayed, DemoUpstream.reply(operation, body, context.responseId(), context.created()));
      }
      UpstreamCall upstream = new UpstreamCall(openAiUri(provider, operation, upstreamModel),
          UpstreamHeaders.of(provider, stream), body);
      return http.call(relayed, upstream, reply -> relay.openAi(relayed, reply));
    }
    ObjectNode tree = request.tree();
    if (operation == Operation.EMBEDDINGS) {
      EmbeddingsTranslator translator = provider.type() == ProviderType.VERTEX ? null
          : embeddingsTranslators.get(dialect);
      if (translator == null) {
        return Flux.error(noEmbeddings(provider));
      }
      UpstreamRequest translated = translator.toUpstream(tree, context);
      UpstreamCall upstream = new UpstreamCall(resolve(provider, translated.path()),
          UpstreamHeaders.of(provider, false), Json.MAPPER.writeValueAsBytes(translated.body()));
      return http.call(relayed, upstream, reply -> relay.translatedJson(relayed, reply,
          json -> translator.fromUpstream(json, tree, context), translator::usageOf));
    }
    ChatTranslator translator = chatTranslators.forCall(provider, dialect);
    UpstreamRequest translated = translator.toUpstream(tree, context);
    UpstreamCall upstream = new UpstreamCall(resolve(provider, translated.path()),
        UpstreamHeaders.of(provider, stream), Json.MAPPER.writeValueAsBytes(translated.body()));
    if (stream) {
      return http.call(relayed, upstream,
          reply -> relay.translatedStream(relayed, reply,
              new TranslatingStreamCodec(translator.newStream(context), relay.usageCost(relayed))));
    }
    return http.call(relayed, upstream, reply -> relay.translatedJson(relayed, reply,
        json -> translator.fromUpstream(json, context), translator::usageOf));
  }

  /** 400 {@code unsupported_operation} for embeddings requests to a provider that has none the gateway speaks. */
  static AiException noEmbeddings(Provider provider) {
    return AiException.invalidRequest("Provider '" + provider.id() + "' (" + provider.type().id()
        + ") does not offer embeddings" + (provider.type() == ProviderType.VERTEX
            ? " through this gateway: Vertex AI's embeddings API (:predict) is not translated." : "."),
        "model", "unsupported_operation");
  }

  /**
   * Where an OpenAI-dialect provider serves an operation: the base URL plus the operation's path, except Azure
   * OpenAI, which addresses a deployment and versions by query parameter.
   */
  static URI openAiUri(Provider provider, Operation operation, String upstreamModel) {
    if (provider.type() == ProviderType.AZURE) {
      return resolve(provider, "/deployments/" + UriUtils.encodePathSegment(upstreamModel, StandardCharsets.UTF_8)
          + operation.pathSuffix() + "?api-version=" + UriUtils.encodeQueryParam(provider.apiVersion(),
          StandardCharsets.UTF_8));
    }
    return resolve(provider, operation.pathSuffix());
  }

  static URI resolve(Provider provider, String relativePath) {
    return URI.create(provider.baseUri().toString() + relativePath);
  }

  /**
   * An id for translated responses. Unique enough to tell responses apart in logs and client caches; not a
   * secret, so it comes from a fast thread-local generator rather than the (contended) secure one.
   */
  private static String responseId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "chatcmpl-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }
}
