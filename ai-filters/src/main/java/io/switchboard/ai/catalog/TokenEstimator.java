package io.switchboard.ai.catalog;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Estimates the prompt tokens of an OpenAI-format chat request before it is sent (for budgets and limits).
 *
 * <p>OpenAI models are counted with the model's tokenizer (jtokkit): {@code o200k_base} for gpt-4o, gpt-4.1,
 * gpt-4.5, gpt-5, the o-series, codex and gpt-oss models, {@code cl100k_base} for older ones (gpt-4, gpt-3.5,
 * text-embedding-*). The per-message framing follows OpenAI's published recipe: 3 tokens per message, +1 per
 * {@code name}, +3 priming the reply. Parts the recipe does not cover are <em>approximations</em>: each image part
 * counts {@value #IMAGE_TOKENS} tokens (the low-detail price), tool definitions count as the tokens of their JSON
 * text, assistant tool calls as their function name and arguments.
 *
 * <p>Other models are <em>approximations</em>: their tokenizers are not public or not bundled, so the o200k count is
 * scaled by {@value #ANTHROPIC_FACTOR} for Claude (Anthropic's tokenizer yields noticeably more tokens than o200k on
 * English text) and by {@value #OTHER_FACTOR} for everything else (Gemini, Llama, Mistral, ...), rounded up. Use
 * provider-reported usage for billing; this is for pre-flight estimates only.
 */
public final class TokenEstimator {

  public static final int TOKENS_PER_MESSAGE = 3;
  public static final int TOKENS_PER_NAME = 1;
  public static final int REPLY_PRIMING_TOKENS = 3;
  public static final int IMAGE_TOKENS = 85;
  public static final double ANTHROPIC_FACTOR = 1.1;
  public static final double OTHER_FACTOR = 1.0;

  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  private TokenEstimator() {
  }

  /** The prompt-token estimate for {@code request}, judging the model family by its {@code model} field. */
  public static long estimatePromptTokens(ObjectNode request) {
    return estimatePromptTokens(request, null);
  }

  /**
   * The prompt-token estimate for {@code request}; {@code providerType} (e.g. {@code anthropic}), when known, helps
   * tell the model family (Claude on Bedrock or Vertex is recognized by its model id).
   */
  public static long estimatePromptTokens(ObjectNode request, @Nullable String providerType) {
    String model = request.path("model").asString("");
    Family family = family(model, providerType);
    Encoding encoding = REGISTRY.getEncoding(family.encoding);
    long tokens = REPLY_PRIMING_TOKENS;
    for (JsonNode message : request.path("messages")) {
      tokens += TOKENS_PER_MESSAGE;
      tokens += count(encoding, message.path("role").asString(""));
      tokens += content(encoding, message.path("content"));
      if (message.hasNonNull("name")) {
        tokens += count(encoding, message.get("name").asString("")) + TOKENS_PER_NAME;
      }
      for (JsonNode call : message.path("tool_calls")) {
        tokens += count(encoding, call.path("function").path("name").asString(""));
        tokens += count(encoding, call.path("function").path("arguments").asString(""));
      }
      if (message.hasNonNull("tool_call_id")) {
        tokens += count(encoding, message.get("tool_call_id").asString(""));
      }
    }
    JsonNode tools = request.get("tools");
    if (tools != null && tools.isArray() && !tools.isEmpty()) {
      tokens += count(encoding, tools.toString());
    }
    // the epsilon keeps exact products (10 x 1.1 = 11.000000000000002) from rounding up a whole token
    return family.factor == 1.0 ? tokens : (long) Math.ceil(tokens * family.factor - 1e-9);
  }

  /** The token count of {@code text} in {@code o200k_base}. */
  public static int countO200k(String text) {
    return count(REGISTRY.getEncoding(EncodingType.O200K_BASE), text);
  }

  /** The token count of {@code text} in {@code cl100k_base}. */
  public static int countCl100k(String text) {
    return count(REGISTRY.getEncoding(EncodingType.CL100K_BASE), text);
  }

  private static long content(Encoding encoding, JsonNode content) {
    if (content.isString()) {
      return count(encoding, content.asString());
    }
    long tokens = 0;
    for (JsonNode part : content) {
      String type = part.path("type").asString("");
      if ("text".equals(type) || "input_text".equals(type)) {
        tokens += count(encoding, part.path("text").asString(""));
      } else if ("image_url".equals(type) || "input_image".equals(type)) {
        tokens += IMAGE_TOKENS;
      }
    }
    return tokens;
  }

  private static int count(Encoding encoding, String text) {
    return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  private static Family family(String model, @Nullable String providerType) {
    String m = model.toLowerCase(Locale.ROOT);
    int slash = m.lastIndexOf('/');
    String bare = slash >= 0 ? m.substring(slash + 1) : m;
    if (m.contains("claude") || "anthropic".equalsIgnoreCase(providerType)) {
      return Family.ANTHROPIC;
    }
    if (bare.startsWith("gpt-4o") || bare.startsWith("chatgpt-4o") || bare.startsWith("gpt-4.1")
        || bare.startsWith("gpt-4.5") || bare.startsWith("gpt-5") || bare.matches("o\\d.*")
        || bare.startsWith("codex") || bare.startsWith("gpt-oss") || bare.startsWith("computer-use")) {
      return Family.OPENAI_O200K;
    }
    if (bare.startsWith("gpt-4") || bare.startsWith("gpt-3.5") || bare.startsWith("gpt-35")
        || bare.startsWith("text-embedding")) {
      return Family.OPENAI_CL100K;
    }
    if (bare.isEmpty() || "openai".equalsIgnoreCase(providerType) || "azure".equalsIgnoreCase(providerType)) {
      return Family.OPENAI_O200K;
    }
    return Family.OTHER;
  }

  private enum Family {
    OPENAI_O200K(EncodingType.O200K_BASE, 1.0),
    OPENAI_CL100K(EncodingType.CL100K_BASE, 1.0),
    ANTHROPIC(EncodingType.O200K_BASE, ANTHROPIC_FACTOR),
    OTHER(EncodingType.O200K_BASE, OTHER_FACTOR);

    final EncodingType encoding;
    final double factor;

    Family(EncodingType encoding, double factor) {
      this.encoding = encoding;
      this.factor = factor;
    }
  }
}
