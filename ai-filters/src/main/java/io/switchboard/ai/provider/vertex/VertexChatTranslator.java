package io.switchboard.ai.provider.vertex;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A publisher's own chat translator (Anthropic's or Gemini's) adapted to Vertex AI: requests go to the model's
 * Vertex address ({@link VertexPublisher#chatPath}), and Claude bodies name the Vertex API version instead of the
 * model ({@link #forVertexClaude}). Answers and streams are the publisher's own, so they are delegated unchanged.
 * Pure and thread-safe, like the translator it wraps.
 */
public final class VertexChatTranslator implements ChatTranslator {

  /** The {@code anthropic_version} a Claude request body must carry on Vertex AI. */
  public static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

  private final String project;
  private final String region;
  private final ChatTranslator publisherTranslator;

  /**
   * @param publisherTranslator the translator of the dialect of the models this instance is used for
   *     ({@link VertexPublisher#dialect()} of {@link TranslationContext#upstreamModel()})
   */
  public VertexChatTranslator(String project, String region, ChatTranslator publisherTranslator) {
    this.project = Objects.requireNonNull(project, "project");
    this.region = Objects.requireNonNull(region, "region");
    this.publisherTranslator = Objects.requireNonNull(publisherTranslator, "publisherTranslator");
  }

  @Override
  public UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context) {
    UpstreamRequest translated = publisherTranslator.toUpstream(openAiRequest, context);
    VertexPublisher publisher = VertexPublisher.of(context.upstreamModel());
    JsonNode body = publisher == VertexPublisher.ANTHROPIC && translated.body() instanceof ObjectNode messages
        ? forVertexClaude(messages) : translated.body();
    return new UpstreamRequest(publisher.chatPath(region, project, context.upstreamModel(), context.stream()), body);
  }

  /**
   * An Anthropic Messages body as Vertex AI takes it: the model is named by the URL, so the {@code model} field goes
   * (Vertex refuses it), and {@code anthropic_version} is {@value #ANTHROPIC_VERSION}. Every other field is kept in
   * its order. Returns a new object sharing the argument's values; the argument is not changed.
   */
  public static ObjectNode forVertexClaude(ObjectNode messagesRequest) {
    ObjectNode body = Json.object();
    body.put("anthropic_version", ANTHROPIC_VERSION);
    messagesRequest.properties().forEach(field -> {
      if (!field.getKey().equals("model") && !field.getKey().equals("anthropic_version")) {
        body.set(field.getKey(), field.getValue());
      }
    });
    return body;
  }

  @Override
  public ObjectNode fromUpstream(JsonNode providerResponse, TranslationContext context) {
    return publisherTranslator.fromUpstream(providerResponse, context);
  }

  @Override
  public StreamTranslator newStream(TranslationContext context) {
    return publisherTranslator.newStream(context);
  }

  @Override
  public TokenUsage usageOf(JsonNode providerResponse) {
    return publisherTranslator.usageOf(providerResponse);
  }
}
