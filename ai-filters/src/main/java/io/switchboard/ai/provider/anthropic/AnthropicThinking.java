package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Claude's extended thinking for a canonical request's {@code reasoning_effort}: the one set of rules used wherever
 * a Claude model is asked for thinking, by the Anthropic Messages translator ({@code thinking}) and by Bedrock
 * Converse ({@code additionalModelRequestFields.thinking}). Pure.
 *
 * <p>The budget is {@link OpenAiShapes#reasoningBudget}. Claude counts the budget inside {@code max_tokens}, so when
 * the client set no maximum and the budget does not fit under the default, the maximum becomes budget + default (the
 * answer keeps the room it would have had without thinking): {@link #maxTokens}. Thinking is left off where Claude
 * would refuse the request: a budget not below a maximum the client set, a temperature other than 1 or {@code top_p} below 0.95, a forced tool
 * call (which includes the {@code response_format} emulation), models without extended thinking (Claude 3.5 and older,
 * which refuse it), and conversations that already hold tool calls (Claude then wants each earlier assistant turn to
 * start with its signed thinking block, which the canonical form does not keep).
 */
public final class AnthropicThinking {

  private AnthropicThinking() {
  }

  /**
   * The {@code {"type":"enabled","budget_tokens":N}} object to send, or {@code null} to send no thinking.
   *
   * @param request the canonical request (its {@code reasoning_effort} and {@code messages})
   * @param model the upstream model id (Bedrock ids and inference profiles included)
   * @param maxTokens the maximum output tokens the provider will be sent
   * @param temperature the temperature the provider will be sent, or {@code null}
   * @param topP the {@code top_p} the provider will be sent, or {@code null}
   * @param toolForced whether the provider will be told to call some tool or a given one
   */
  public static @Nullable ObjectNode enabled(JsonNode request, String model, long maxTokens,
      @Nullable JsonNode temperature, @Nullable JsonNode topP, boolean toolForced) {
    long budget = OpenAiShapes.reasoningBudget(request.get("reasoning_effort"));
    if (budget == 0 || budget >= maxTokens && clientSetMaximum(request) || !thinks(model) || toolForced) {
      return null;
    }
    if (temperature != null && temperature.doubleValue() != 1.0 || topP != null && topP.doubleValue() < 0.95) {
      return null;
    }
    for (JsonNode message : request.path("messages")) {
      if (message.path("tool_calls").isArray() && !message.path("tool_calls").isEmpty()
          || "tool".equals(message.path("role").asString(""))) {
        return null;
      }
    }
    return Json.object().put("type", "enabled").put("budget_tokens", budget);
  }

  /**
   * The maximum output tokens to send with {@code thinking}: the maximum planned without it, or, when the client set
   * none and the budget does not fit under it, budget + that maximum.
   *
   * @param thinking what {@link #enabled} returned (not {@code null})
   * @param maxTokens the maximum output tokens planned without thinking
   */
  public static long maxTokens(ObjectNode thinking, long maxTokens) {
    long budget = thinking.path("budget_tokens").asLong();
    return budget < maxTokens ? maxTokens : budget + maxTokens;
  }

  private static boolean clientSetMaximum(JsonNode request) {
    return request.hasNonNull("max_completion_tokens") || request.hasNonNull("max_tokens");
  }

  /**
   * Whether a Claude model has extended thinking: Claude 3.7 and every later model; not Claude 3.5 and older. Ids
   * with a provider prefix ({@code anthropic.}, {@code us.anthropic.}) are read from {@code claude} on.
   */
  public static boolean thinks(String model) {
    String id = model.contains(".") && model.contains("claude") ? model.substring(model.indexOf("claude")) : model;
    return !(id.startsWith("claude-3-5") || id.startsWith("claude-3-haiku") || id.startsWith("claude-3-opus")
        || id.startsWith("claude-3-sonnet") || id.startsWith("claude-2") || id.startsWith("claude-instant"));
  }
}
