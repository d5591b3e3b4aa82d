package io.switchboard.ai.provider.openai;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.TokenUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builders of the Responses API's output shapes, shared by the whole response ({@link ResponsesInboundResponse}) and
 * the stream ({@link ResponsesInboundStream}) so that both describe one answer with the same items, ids and usage.
 *
 * <p>Item ids are derived from {@link InboundContext#responseId()} ({@code resp_<hex>}) and the item's position in
 * {@code output}: the message at output index 0 of {@code resp_abc} is {@code msg_abc_0}, a function call at index 1
 * is {@code fc_abc_1}. A tool call the upstream sent without an id gets {@code call_abc_<tool call index>}. Ids are
 * therefore deterministic and unique within a response; the gateway never reads them back (input items are matched
 * by {@code call_id}, not {@code id}).
 */
final class ResponsesInboundItems {

  /** The prefix of {@link InboundContext#responseId()}, left out of the ids derived from it. */
  static final String RESPONSE_ID_PREFIX = "resp_";
  /** The arguments of a function call for which the upstream sent none: an empty JSON object. */
  static final String NO_ARGUMENTS = "{}";

  private ResponsesInboundItems() {
  }

  /** The id of the message item at {@code outputIndex}. */
  static String messageId(InboundContext context, int outputIndex) {
    return "msg_" + idBase(context) + "_" + outputIndex;
  }

  /** The id of the function call item at {@code outputIndex}. */
  static String functionCallId(InboundContext context, int outputIndex) {
    return "fc_" + idBase(context) + "_" + outputIndex;
  }

  /** The id of the reasoning item at {@code outputIndex}. */
  static String reasoningId(InboundContext context, int outputIndex) {
    return "rs_" + idBase(context) + "_" + outputIndex;
  }

  /**
   * A {@code reasoning} output item holding the model's reasoning text as {@code reasoning_text} content (as OpenAI
   * returns open-weight models' reasoning) and no summary; {@code content} is taken as is (not copied). Clients that
   * send it back in {@code input} have it dropped (see {@link ResponsesInboundInput}).
   */
  static ObjectNode reasoning(String id, String status, ArrayNode content) {
    ObjectNode item = Json.object().put("id", id).put("type", "reasoning").put("status", status);
    item.putArray("summary");
    item.set("content", content);
    return item;
  }

  /** A {@code reasoning_text} content part. */
  static ObjectNode reasoningText(String text) {
    return Json.object().put("type", "reasoning_text").put("text", text);
  }

  /** A {@code call_id} for the canonical tool call at {@code toolIndex} that came without an id. */
  static String callId(InboundContext context, int toolIndex) {
    return "call_" + idBase(context) + "_" + toolIndex;
  }

  private static String idBase(InboundContext context) {
    String id = context.responseId();
    return id.startsWith(RESPONSE_ID_PREFIX) ? id.substring(RESPONSE_ID_PREFIX.length()) : id;
  }

  /** An assistant {@code message} output item; {@code content} is taken as is (not copied). */
  static ObjectNode message(String id, String status, ArrayNode content) {
    ObjectNode item = Json.object()
        .put("id", id)
        .put("type", "message")
        .put("status", status)
        .put("role", "assistant");
    item.set("content", content);
    return item;
  }

  /** An {@code output_text} content part. Annotations and log probabilities are never known, hence empty. */
  static ObjectNode outputText(String text) {
    ObjectNode part = Json.object().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  /** A {@code refusal} content part. */
  static ObjectNode refusal(String refusal) {
    return Json.object().put("type", "refusal").put("refusal", refusal);
  }

  /** A {@code function_call} output item. */
  static ObjectNode functionCall(String id, String status, String callId, String name, String arguments) {
    return Json.object()
        .put("id", id)
        .put("type", "function_call")
        .put("status", status)
        .put("call_id", callId)
        .put("name", name)
        .put("arguments", arguments);
  }

  /**
   * Why a response is {@code incomplete}, from the canonical {@code finish_reason}: {@code max_output_tokens} for
   * {@code length}, {@code content_filter} for {@code content_filter}; {@code null} for a complete answer.
   */
  static @Nullable String incompleteReason(@Nullable String finishReason) {
    if ("length".equals(finishReason)) {
      return "max_output_tokens";
    }
    return "content_filter".equals(finishReason) ? "content_filter" : null;
  }

  /**
   * A whole {@code response} object.
   *
   * <p>The fields that echo the request ({@code instructions}, {@code tools}, {@code tool_choice},
   * {@code parallel_tool_calls}, {@code temperature}, {@code top_p}, {@code max_output_tokens}, {@code metadata},
   * {@code user}) are required by the OpenAI SDKs' types but cannot be known here, since the translator sees only
   * the canonical completion: they carry OpenAI's defaults or {@code null}. {@code store} is always {@code false}
   * and {@code previous_response_id} {@code null}: this gateway stores nothing. {@code completed_at} is
   * {@code null}: a pure translator has no clock. {@code output_text} is left out; the SDKs compute it.
   *
   * @param status {@code in_progress}, {@code completed}, {@code incomplete} or {@code failed}
   * @param incompleteReason the {@code incomplete_details.reason}, or {@code null}
   * @param usage the {@link #usage} object, or {@code null} while the response is in progress
   * @param error the {@code error} object of a failed response, or {@code null}
   */
  static ObjectNode response(InboundContext context, String status, ArrayNode output,
      @Nullable String incompleteReason, @Nullable ObjectNode usage, @Nullable ObjectNode error) {
    ObjectNode response = Json.object()
        .put("id", context.responseId())
        .put("object", "response")
        .put("created_at", context.created())
        .put("status", status);
    response.putNull("completed_at");
    response.set("error", error);
    if (incompleteReason == null) {
      response.putNull("incomplete_details");
    } else {
      response.putObject("incomplete_details").put("reason", incompleteReason);
    }
    response.putNull("instructions");
    response.putNull("max_output_tokens");
    response.put("model", context.model());
    response.set("output", output);
    response.put("parallel_tool_calls", true);
    response.putNull("previous_response_id");
    response.put("store", false);
    response.putNull("temperature");
    response.put("tool_choice", "auto");
    response.putArray("tools");
    response.putNull("top_p");
    response.put("truncation", "disabled");
    response.set("usage", usage);
    response.putNull("user");
    response.putObject("metadata");
    return response;
  }

  /**
   * The Responses API's {@code usage}. Like the canonical {@code prompt_tokens}, {@code input_tokens} includes the
   * cached tokens, and {@code output_tokens} includes the reasoning tokens.
   */
  static ObjectNode usage(TokenUsage usage) {
    ObjectNode json = Json.object().put("input_tokens", usage.promptTokens());
    json.putObject("input_tokens_details")
        .put("cached_tokens", usage.cachedTokens())
        .put("cache_write_tokens", usage.cacheWriteTokens());
    json.put("output_tokens", usage.completionTokens());
    json.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    json.put("total_tokens", usage.totalTokens());
    return json;
  }

  /**
   * The {@code error} of a failed response. Its {@code code} is one of the Responses API's own codes:
   * {@code rate_limit_exceeded} for a 429, {@code server_error} otherwise.
   */
  static ObjectNode responseError(AiException error) {
    return Json.object()
        .put("code", error.status() == 429 ? "rate_limit_exceeded" : "server_error")
        .put("message", error.getMessage());
  }
}
