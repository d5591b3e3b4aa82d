package io.switchboard.ai.provider.bedrock;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.anthropic.AnthropicThinking;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A canonical request's {@code reasoning_effort} in Converse terms, where the model family documents a request field
 * for it ({@code additionalModelRequestFields}, which Converse hands to the model as is):
 * <ul>
 *   <li>Claude ({@code anthropic.claude-*}, with or without an inference-profile prefix):
 *       {@code {"thinking":{"type":"enabled","budget_tokens":N}}}, by the same rules as the Anthropic translator
 *       ({@link AnthropicThinking}). Without a client maximum, {@code inferenceConfig.maxTokens} gets the provider's
 *       default maximum, the one the budget was checked against.</li>
 *   <li>Amazon Nova 2 ({@code amazon.nova-2-*}): {@code {"reasoningConfig":{"type":"enabled",
 *       "maxReasoningEffort":"low"|"medium"|"high"}}}; other efforts leave Nova's thinking off, its default.</li>
 * </ul>
 * Other families get nothing: DeepSeek R1 always reasons and takes no such field; the others document none.
 * Reasoning of earlier assistant turns is not sent back: the canonical form keeps no signature, and Claude refuses
 * unsigned reasoning blocks ({@link BedrockRequestMapper} maps only an assistant turn's text and tool calls).
 */
final class BedrockReasoning {

  private BedrockReasoning() {
  }

  static void apply(JsonNode request, String model, long defaultMaxTokens, ObjectNode converse) {
    String id = model.toLowerCase(Locale.ROOT);
    if (id.contains("anthropic.claude")) {
      claude(request, model, defaultMaxTokens, converse);
    } else if (id.contains("amazon.nova-2")) {
      JsonNode effort = request.get("reasoning_effort");
      String level = effort != null && effort.isString() ? effort.asString() : "";
      if (level.equals("low") || level.equals("medium") || level.equals("high")) {
        ObjectNode config = Json.object().put("type", "enabled").put("maxReasoningEffort", level);
        additionalFields(converse).set("reasoningConfig", config);
      }
    }
  }

  private static void claude(JsonNode request, String model, long defaultMaxTokens, ObjectNode converse) {
    JsonNode inference = converse.path("inferenceConfig");
    JsonNode maxTokens = inference.get("maxTokens");
    JsonNode choice = converse.path("toolConfig").path("toolChoice");
    ObjectNode thinking = AnthropicThinking.enabled(request, model,
        maxTokens != null ? maxTokens.asLong() : defaultMaxTokens, inference.get("temperature"), inference.get("topP"),
        choice.has("any") || choice.has("tool"));
    if (thinking == null) {
      return;
    }
    ObjectNode config = converse.has("inferenceConfig") ? (ObjectNode) converse.get("inferenceConfig")
        : converse.putObject("inferenceConfig");
    config.put("maxTokens", AnthropicThinking.maxTokens(thinking,
        maxTokens != null ? maxTokens.asLong() : defaultMaxTokens));
    additionalFields(converse).set("thinking", thinking);
  }

  private static ObjectNode additionalFields(ObjectNode converse) {
    @Nullable JsonNode fields = converse.get("additionalModelRequestFields");
    return fields instanceof ObjectNode object ? object : converse.putObject("additionalModelRequestFields");
  }
}
