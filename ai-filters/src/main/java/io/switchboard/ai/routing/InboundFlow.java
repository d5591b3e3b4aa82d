package io.switchboard.ai.routing;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.catalog.TokenEstimator;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderType;
import io.switchboard.ai.provider.vertex.VertexChatTranslator;
import io.switchboard.ai.provider.vertex.VertexPublisher;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.openai.OpenAiStreamReader;
import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundEmbeddingsTranslator;
import io.switchboard.ai.provider.spi.InboundTranslator;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.BodyScan;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.Endpoint;
import io.switchboard.ai.request.Operation;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests from clients that speak Anthropic Messages or Gemini. To a provider of the same dialect they go the
 * fast path: forwarded byte for byte with only the model rewritten, answers relayed as they come. To any other
 * provider they are translated to the canonical dialect ({@link InboundTranslator}), then to the provider's
 * (through the same provider translators as OpenAI clients), and the answer back the same way.
 */
final class InboundFlow {

  private static final String ANTHROPIC_MESSAGES = "/v1/messages";

  private final HttpUpstream http;
  private final ReplyRelay relay;
  private final ChatTranslators chatTranslators;
  private final Map<Dialect, InboundTranslator> inboundTranslators;
  private final Map<Dialect, InboundEmbeddingsTranslator> inboundEmbeddings;

  InboundFlow(HttpUpstream http, ReplyRelay relay, ChatTranslators chatTranslators,
      Map<Dialect, InboundTranslator> inboundTranslators,
      Map<Dialect, InboundEmbeddingsTranslator> inboundEmbeddings) {
    this.http = http;
    this.relay = relay;
    this.chatTranslators = chatTranslators;
    this.inboundTranslators = Map.copyOf(inboundTranslators);
    this.inboundEmbeddings = Map.copyOf(inboundEmbeddings);
  }

  Flux<Chunk> route(ReplyRelay.Exchange ex, AiRequest request, Endpoint endpoint) {
    Provider provider = ex.provider();
    Dialect client = endpoint.dialect();
    Dialect upstream = provider.dialect(ex.context().upstreamModel());
    if (endpoint.operation() == Operation.COUNT_TOKENS) {
      return countTokens(ex, request, endpoint);
    }
    if (endpoint.operation() != Operation.CHAT) {
      if (provider.type() == ProviderType.VERTEX) {
        return Flux.error(AiRouteHandler.noEmbeddings(provider));
      }
      if (client == upstream) {
        return sameDialectGeminiEmbeddings(ex, request, endpoint);
      }
      return crossDialectEmbeddings(ex, request, endpoint);
    }
    if (client == upstream) {
      return sameDialectChat(ex, request, endpoint);
    }
    InboundTranslator inbound = inboundTranslators.get(client);
    if (inbound == null) {
      return Flux.error(new AiException(404, "invalid_request_error", "unsupported_dialect", null,
          "This gateway does not translate the " + client.name().toLowerCase() + " dialect.", null));
    }
    TranslationContext context = ex.context();
    InboundContext inboundContext = new InboundContext(context.clientModel(), context.stream(),
        clientResponseId(client, context.responseId()), context.created());
    ObjectNode canonical = inbound.toCanonical(request.tree(), inboundContext);
    if (upstream == Dialect.OPENAI || upstream == Dialect.DEMO) {
      canonical.put("model", context.upstreamModel());
      if (context.stream() && provider.streamOptions()) {
        canonical.withObjectProperty("stream_options").put("include_usage", true);
      } else {
        canonical.remove("stream_options");
      }
      byte[] body = Json.MAPPER.writeValueAsBytes(canonical);
      Function<UpstreamReply, Flux<Chunk>> onReply = reply -> context.stream()
          ? relay.translatedStream(ex, reply,
              new InboundStreamCodec(new OpenAiStreamReader(), inbound.newStream(inboundContext),
                  relay.usageCost(ex)))
          : relay.translatedJson(ex, reply, json -> inbound.fromCanonical((ObjectNode) json, inboundContext),
              json -> OpenAiShapes.usageOf(json.get("usage")));
      if (upstream == Dialect.DEMO) {
        return onReply.apply(DemoUpstream.reply(Operation.CHAT, body, context.responseId(), context.created()));
      }
      UpstreamCall call = new UpstreamCall(AiRouteHandler.openAiUri(provider, Operation.CHAT, context.upstreamModel()),
          UpstreamHeaders.of(provider, context.stream()), body);
      return http.call(ex, call, onReply);
    }
    ChatTranslator translator = chatTranslators.forCall(provider, upstream);
    UpstreamRequest translated = translator.toUpstream(canonical, context);
    UpstreamCall call = new UpstreamCall(AiRouteHandler.resolve(provider, translated.path()),
        UpstreamHeaders.of(provider, context.stream()), Json.MAPPER.writeValueAsBytes(translated.body()));
    return http.call(ex, call, reply -> context.stream()
        ? relay.translatedStream(ex, reply,
            new InboundStreamCodec(translator.newStream(context), inbound.newStream(inboundContext),
                relay.usageCost(ex)))
        : relay.translatedJson(ex, reply,
            json -> inbound.fromCanonical(translator.fromUpstream(json, context), inboundContext),
            translator::usageOf));
  }

  /**
   * Anthropic to Anthropic, Gemini to Gemini: the client's bytes, with only the model changed. On Vertex AI the
   * model is named by the URL instead, and a Claude body names Vertex's API version instead of the model (re-written
   * from the parsed request, every other field kept).
   */
  private Flux<Chunk> sameDialectChat(ReplyRelay.Exchange ex, AiRequest request, Endpoint endpoint) {
    Provider provider = ex.provider();
    TranslationContext context = ex.context();
    ChatTranslator observer = chatTranslators.of(endpoint.dialect());
    Provider.VertexSettings vertex = provider.vertex();
    String path;
    byte[] body;
    if (vertex != null) {
      path = VertexPublisher.of(context.upstreamModel()).chatPath(vertex.region(), vertex.project(),
          context.upstreamModel(), context.stream());
      body = endpoint.dialect() == Dialect.ANTHROPIC
          ? Json.MAPPER.writeValueAsBytes(VertexChatTranslator.forVertexClaude(request.tree()))
          : request.body();
    } else if (endpoint.dialect() == Dialect.ANTHROPIC) {
      path = ANTHROPIC_MESSAGES;
      body = OpenAiBodies.withModel(request.body(), request.scan(), context.upstreamModel());
    } else {
      path = geminiPath(context.upstreamModel(), context.stream() ? "streamGenerateContent" : "generateContent",
          context.stream());
      body = request.body();
    }
    UpstreamCall call = new UpstreamCall(AiRouteHandler.resolve(provider, path),
        UpstreamHeaders.forClient(provider, endpoint.dialect(), context.stream(), ex.web().getRequest()), body);
    return http.call(ex, call, reply -> context.stream()
        ? relay.translatedStream(ex, reply,
            new SameDialectPassthroughCodec(endpoint.dialect(), observer.newStream(context), relay.usageCost(ex)))
        : relay.passthroughJson(ex, reply, bytes -> observer.usageOf(Json.MAPPER.readTree(bytes))));
  }

  /**
   * Anthropic's {@code count_tokens} and Gemini's {@code :countTokens}, answered by the gateway from the request
   * alone: the request is translated to the canonical form and estimated ({@link TokenEstimator}: exact for OpenAI
   * encodings, a documented approximation for other providers). No provider is called.
   */
  private Flux<Chunk> countTokens(ReplyRelay.Exchange ex, AiRequest request, Endpoint endpoint) {
    InboundTranslator inbound = inboundTranslators.get(endpoint.dialect());
    if (inbound == null) {
      return Flux.error(new AiException(404, "invalid_request_error", "unsupported_dialect", null,
          "This gateway does not count tokens in the " + endpoint.dialect().name().toLowerCase() + " dialect.",
          null));
    }
    ObjectNode body = request.tree().deepCopy();
    ObjectNode countable = body;
    if (endpoint.dialect() == Dialect.GEMINI && body.get("generateContentRequest") instanceof ObjectNode inner) {
      countable = inner;
    }
    if (endpoint.dialect() == Dialect.ANTHROPIC && !countable.has("max_tokens")) {
      countable.put("max_tokens", 1); // count_tokens takes no max_tokens; the translator requires one
    }
    InboundContext context = new InboundContext(ex.context().clientModel(), false, ex.context().responseId(),
        ex.context().created());
    long tokens = TokenEstimator.estimatePromptTokens(inbound.toCanonical(countable, context),
        ex.provider().type().id());
    ObjectNode answer = endpoint.dialect() == Dialect.GEMINI
        ? Json.object().put("totalTokens", tokens)
        : Json.object().put("input_tokens", tokens);
    return relay.local(ex, Json.MAPPER.writeValueAsBytes(answer));
  }

  /** Gemini embeddings to an OpenAI-dialect provider, through OpenAI's embeddings request. */
  private Flux<Chunk> crossDialectEmbeddings(ReplyRelay.Exchange ex, AiRequest request, Endpoint endpoint) {
    Provider provider = ex.provider();
    InboundEmbeddingsTranslator inbound = inboundEmbeddings.get(endpoint.dialect());
    Dialect upstream = provider.type().dialect();
    if (inbound == null || !(upstream == Dialect.OPENAI || upstream == Dialect.DEMO)) {
      return Flux.error(AiException.invalidRequest("Provider '" + provider.id() + "' (" + provider.type().id()
          + ") cannot serve " + endpoint.dialect().name().toLowerCase() + " embeddings.", "model",
          "unsupported_operation"));
    }
    ObjectNode canonical = inbound.toCanonical(request.tree(), ex.context().clientModel(), endpoint.batch());
    canonical.put("model", ex.context().upstreamModel());
    canonical.put("encoding_format", "float");
    byte[] body = Json.MAPPER.writeValueAsBytes(canonical);
    Function<UpstreamReply, Flux<Chunk>> onReply = reply -> relay.translatedJson(ex, reply,
        json -> inbound.fromCanonical((ObjectNode) json, endpoint.batch()),
        json -> OpenAiShapes.usageOf(json.get("usage")));
    if (upstream == Dialect.DEMO) {
      return onReply.apply(DemoUpstream.reply(Operation.EMBEDDINGS, body, ex.context().responseId(),
          ex.context().created()));
    }
    UpstreamCall call = new UpstreamCall(
        AiRouteHandler.openAiUri(provider, Operation.EMBEDDINGS, ex.context().upstreamModel()),
        UpstreamHeaders.of(provider, false), body);
    return http.call(ex, call, onReply);
  }

  /** Gemini embeddings to Gemini: forwarded as they are, each request's model pointed at the upstream model. */
  private Flux<Chunk> sameDialectGeminiEmbeddings(ReplyRelay.Exchange ex, AiRequest request, Endpoint endpoint) {
    Provider provider = ex.provider();
    String upstreamModel = ex.context().upstreamModel();
    byte[] body = request.body();
    if (!upstreamModel.equals(endpoint.pathModel())) {
      ObjectNode tree = request.tree().deepCopy();
      for (JsonNode item : tree.path("requests")) {
        if (item instanceof ObjectNode entry && entry.has("model")) {
          entry.put("model", "models/" + upstreamModel);
        }
      }
      if (tree.has("model")) {
        tree.put("model", "models/" + upstreamModel);
      }
      body = Json.MAPPER.writeValueAsBytes(tree);
    }
    UpstreamCall call = new UpstreamCall(AiRouteHandler.resolve(provider,
        geminiPath(upstreamModel, endpoint.batch() ? "batchEmbedContents" : "embedContent", false)),
        UpstreamHeaders.forClient(provider, endpoint.dialect(), false, ex.web().getRequest()), body);
    return http.call(ex, call, reply -> relay.passthroughJson(ex, reply,
        bytes -> io.switchboard.ai.provider.spi.TokenUsage.NONE));
  }

  /** Each dialect's id prefix on the same random part: {@code msg_…} (Anthropic), {@code resp_…} (Responses). */
  private static String clientResponseId(Dialect client, String canonicalId) {
    String random = canonicalId.substring("chatcmpl-".length());
    return switch (client) {
      case ANTHROPIC -> "msg_" + random;
      case RESPONSES -> "resp_" + random;
      default -> canonicalId;
    };
  }

  private static String geminiPath(String model, String method, boolean sse) {
    String bare = model.startsWith("models/") ? model.substring("models/".length()) : model;
    return "/v1beta/models/" + bare + ":" + method + (sse ? "?alt=sse" : "");
  }
}
