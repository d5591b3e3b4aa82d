package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiInboundWire.field;
import static io.switchboard.ai.provider.gemini.GeminiWire.absent;
import static io.switchboard.ai.provider.gemini.GeminiWire.invalid;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.InboundTranslator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets Gemini clients speak to the gateway: translates the Gemini API's {@code generateContent} /
 * {@code streamGenerateContent?alt=sse} (v1beta) to and from the canonical OpenAI Chat Completions dialect.
 *
 * <p>Requests: the model and streaming come from the URL (via {@link InboundContext}); a streamed request asks for
 * {@code stream_options.include_usage} so that the last Gemini event can carry {@code usageMetadata}. Contents are
 * translated by {@link GeminiInboundContents}, options by {@link GeminiInboundOptions}. {@code safetySettings} and
 * {@code labels} are dropped (the canonical dialect has no safety thresholds); {@code cachedContent}, a resource
 * stored inside Gemini, is rejected. Field names are accepted in camelCase and in snake_case, as Google's parsers
 * do. Errors are 400s naming the field in Gemini's terms ({@code contents[1].parts[0].inlineData.mimeType}).
 *
 * <p>Responses: one candidate per choice, with the reasoning ({@code reasoning_content}) as a thought part first,
 * then the text, then one {@code functionCall} part per tool call
 * ({@code args} parsed from the call's JSON arguments; the canonical call id is not sent, as Gemini clients match
 * results by name and order). Refusal text stands in for missing content. Finish reasons and usage are mapped by
 * {@link GeminiInboundWire}; {@code modelVersion} is the model as the client named it and {@code responseId} is
 * {@link InboundContext#responseId()}. Streams are translated by {@link GeminiInboundStream}.
 *
 * <p>Stateless and thread-safe; no I/O, clock or randomness.
 */
public final class GeminiInboundTranslator implements InboundTranslator {

  public GeminiInboundTranslator() {
  }

  /**
   * {@inheritDoc}
   *
   * @throws AiException 400 when the request is invalid or uses a Gemini-only feature (hosted tools, cached
   *     contents, non-image media, non-text output)
   */
  @Override
  public ObjectNode toCanonical(ObjectNode clientRequest, InboundContext context) {
    if (!absent(field(clientRequest, "cachedContent"))) {
      throw invalid("Cached contents are stored in Gemini and cannot be used through this gateway.",
          "cachedContent");
    }
    ObjectNode canonical = Json.object();
    canonical.put("model", context.model());
    ArrayNode messages = GeminiInboundContents.messages(clientRequest);
    boolean conversation = false;
    for (JsonNode message : messages) {
      conversation |= !"system".equals(message.path("role").asString(""));
    }
    if (!conversation) {
      throw invalid("'contents' holds nothing to send: every part was a thought.", "contents");
    }
    canonical.set("messages", messages);
    GeminiInboundOptions.generationConfig(field(clientRequest, "generationConfig"), canonical);
    GeminiInboundOptions.tools(clientRequest, canonical);
    canonical.put("stream", context.stream());
    if (context.stream()) {
      canonical.putObject("stream_options").put("include_usage", true);
    }
    return canonical;
  }

  /**
   * {@inheritDoc}
   *
   * @throws AiException 502 when a tool call's arguments are not a JSON object, which Gemini's {@code args} must be
   */
  @Override
  public ObjectNode fromCanonical(ObjectNode completion, InboundContext context) {
    ArrayNode candidates = Json.array();
    JsonNode choices = completion.path("choices");
    for (int position = 0; position < choices.size(); position++) {
      JsonNode choice = choices.get(position);
      JsonNode message = choice.path("message");
      ArrayNode parts = Json.array();
      String reasoning = OpenAiShapes.reasoningOf(message);
      if (reasoning != null) {
        // Gemini's thought summary: a text part marked as thought, before the answer.
        parts.addObject().put("text", reasoning).put("thought", true);
      }
      String text = text(message);
      if (!text.isEmpty()) {
        parts.addObject().put("text", text);
      }
      for (JsonNode call : message.path("tool_calls")) {
        JsonNode function = call.path("function");
        JsonNode arguments = function.path("arguments");
        parts.add(GeminiInboundWire.functionCallPart(function.path("name").asString(""),
            arguments.isObject() ? Json.MAPPER.writeValueAsString(arguments) : arguments.asString("")));
      }
      candidates.add(GeminiInboundWire.candidate(choice.path("index").asInt(position), parts,
          GeminiInboundWire.finishReason(choice.get("finish_reason"))));
    }
    return GeminiInboundWire.response(candidates, GeminiInboundWire.usageMetadata(completion.get("usage")),
        context);
  }

  @Override
  public InboundStream newStream(InboundContext context) {
    return new GeminiInboundStream(context);
  }

  /** {@inheritDoc} See {@link GeminiInboundWire#error} for the shape and the status names. */
  @Override
  public ObjectNode error(AiException error) {
    return GeminiInboundWire.error(error);
  }

  /** The message's text: its string content, its text parts joined, or else its refusal; empty when none. */
  private static String text(JsonNode message) {
    JsonNode content = message.path("content");
    StringBuilder text = new StringBuilder();
    if (content.isString()) {
      text.append(content.asString());
    }
    for (JsonNode part : content) {
      if (part.path("text").isString()) {
        text.append(part.get("text").asString());
      }
    }
    if (text.isEmpty() && message.path("refusal").isString()) {
      text.append(message.get("refusal").asString());
    }
    return text.toString();
  }
}
