package io.switchboard.ai.provider.gemini;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI Chat Completions to and from the Gemini API's {@code generateContent} (v1beta).
 *
 * <p>Requests go to {@code /v1beta/models/{model}:generateContent}, or to
 * {@code :streamGenerateContent?alt=sse} for streamed responses (one {@code GenerateContentResponse} per SSE
 * event). Responses become one choice per Gemini candidate. The text of thought parts (thought summaries, sent when
 * {@code thinkingConfig.includeThoughts} is set) becomes {@code reasoning_content}; their tokens count as completion
 * (and reasoning) tokens; thought signatures are dropped. Gemini's function calls have no ids; the translated tool calls
 * get ids derived from the response id (see {@link GeminiWire#toolCallId}).
 *
 * <p>Stateless and thread-safe.
 */
public final class GeminiChatTranslator implements ChatTranslator {

  public GeminiChatTranslator() {
  }

  @Override
  public UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context) {
    GeminiMessages.Translated messages = GeminiMessages.translate(openAiRequest.get("messages"));
    ObjectNode body = Json.object();
    body.set("contents", messages.contents());
    if (messages.systemInstruction() != null) {
      body.set("systemInstruction", messages.systemInstruction());
    }
    ArrayNode tools = GeminiOptions.tools(openAiRequest.get("tools"));
    if (tools != null) {
      body.set("tools", tools);
    }
    ObjectNode toolConfig = GeminiOptions.toolConfig(openAiRequest.get("tool_choice"));
    if (toolConfig != null) {
      body.set("toolConfig", toolConfig);
    }
    ObjectNode generationConfig = GeminiOptions.generationConfig(openAiRequest, context.upstreamModel());
    if (generationConfig != null) {
      body.set("generationConfig", generationConfig);
    }
    String model = GeminiWire.modelId(context.upstreamModel());
    String path = context.stream()
        ? "/v1beta/models/" + model + ":streamGenerateContent?alt=sse"
        : "/v1beta/models/" + model + ":generateContent";
    return new UpstreamRequest(path, body);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A prompt Gemini blocked outright (no candidates, {@code promptFeedback.blockReason}) becomes a single choice
   * with {@code null} content and finish reason {@code content_filter}, as OpenAI reports filtered output.
   *
   * @throws AiException (502) when the response has neither candidates nor a block reason
   */
  @Override
  public ObjectNode fromUpstream(JsonNode providerResponse, TranslationContext context) {
    ObjectNode completion = Json.object();
    completion.put("id", context.responseId());
    completion.put("object", "chat.completion");
    completion.put("created", context.created());
    completion.put("model", context.clientModel());
    ArrayNode choices = completion.putArray("choices");
    JsonNode candidates = providerResponse.path("candidates");
    if (candidates.isArray() && !candidates.isEmpty()) {
      int toolCalls = 0;
      for (int position = 0; position < candidates.size(); position++) {
        JsonNode candidate = candidates.get(position);
        ObjectNode choice = choices.addObject();
        // Gemini omits index 0 (a proto3 default), so the position stands in for a missing index.
        choice.put("index", candidate.path("index").asInt(position));
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        boolean hasText = false;
        ArrayNode calls = Json.array();
        for (JsonNode part : candidate.path("content").path("parts")) {
          if (GeminiWire.isThought(part)) {
            reasoning.append(part.path("text").asString(""));
            continue;
          }
          JsonNode partText = part.get("text");
          if (partText != null && partText.isString()) {
            text.append(partText.asString());
            hasText = true;
          }
          JsonNode functionCall = part.get("functionCall");
          if (functionCall != null && functionCall.isObject()) {
            calls.add(GeminiWire.toolCall(GeminiWire.toolCallId(context, toolCalls++), functionCall));
          }
        }
        if (hasText) {
          message.put("content", text.toString());
        } else {
          message.putNull("content");
        }
        if (!calls.isEmpty()) {
          message.set("tool_calls", calls);
        }
        if (!reasoning.isEmpty()) {
          message.put(OpenAiShapes.REASONING_CONTENT, reasoning.toString());
        }
        String reason = GeminiWire.text(candidate, "finishReason");
        choice.put("finish_reason", GeminiWire.finishReason(reason, !calls.isEmpty()));
        choice.putNull("logprobs");
      }
    } else if (GeminiWire.text(providerResponse.path("promptFeedback"), "blockReason") != null) {
      ObjectNode choice = choices.addObject();
      choice.put("index", 0);
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.putNull("content");
      choice.put("finish_reason", "content_filter");
      choice.putNull("logprobs");
    } else {
      throw AiException.upstream("Gemini returned a response without candidates.", null);
    }
    completion.set("usage", OpenAiShapes.usage(usageOf(providerResponse)));
    return completion;
  }

  @Override
  public StreamTranslator newStream(TranslationContext context) {
    return new GeminiStreamTranslator(context);
  }

  @Override
  public TokenUsage usageOf(JsonNode providerResponse) {
    return GeminiWire.usage(providerResponse.path("usageMetadata"));
  }
}
