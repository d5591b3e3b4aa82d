package io.switchboard.ai.provider;

import io.switchboard.ai.request.Dialect;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The kinds of provider {@code ai.providers.<id>.type} accepts, each with its dialect, its public default base URL
 * and whether it needs an API key. Base URLs follow each vendor's SDK convention: OpenAI-dialect types include the
 * version path ({@code .../v1}); {@code anthropic} and {@code gemini} do not (the gateway appends
 * {@code /v1/messages} and {@code /v1beta/models/...}).
 */
public enum ProviderType {
  OPENAI("openai", Dialect.OPENAI, "https://api.openai.com/v1", true),
  ANTHROPIC("anthropic", Dialect.ANTHROPIC, "https://api.anthropic.com", true),
  GEMINI("gemini", Dialect.GEMINI, "https://generativelanguage.googleapis.com", true),
  /**
   * AWS Bedrock Converse; the base URL defaults to {@code https://bedrock-runtime.<region>.amazonaws.com};
   * requests are signed with SigV4 from {@code aws-*} credentials or the standard AWS environment variables.
   */
  BEDROCK("bedrock", Dialect.BEDROCK, null, false),
  /**
   * Google Vertex AI. Its dialect depends on the model's publisher ({@link Provider#dialect(String)}): Claude models
   * speak Anthropic Messages ({@code :rawPredict}), every other model Gemini ({@code :generateContent}), the dialect
   * given here. The base URL defaults to {@code https://<region>-aiplatform.googleapis.com}; requests carry a Google
   * access token obtained with a service account, not an API key.
   */
  VERTEX("vertex", Dialect.GEMINI, null, false),
  /** Cohere API v2; the gateway appends {@code /v2/chat} and {@code /v2/embed}. */
  COHERE("cohere", Dialect.COHERE, "https://api.cohere.com", true),
  GROQ("groq", Dialect.OPENAI, "https://api.groq.com/openai/v1", true),
  TOGETHER("together", Dialect.OPENAI, "https://api.together.xyz/v1", true),
  FIREWORKS("fireworks", Dialect.OPENAI, "https://api.fireworks.ai/inference/v1", true),
  DEEPSEEK("deepseek", Dialect.OPENAI, "https://api.deepseek.com/v1", true),
  XAI("xai", Dialect.OPENAI, "https://api.x.ai/v1", true),
  /** Mistral rejects {@code stream_options} (422) and always reports usage in its last chunk. */
  MISTRAL("mistral", Dialect.OPENAI, "https://api.mistral.ai/v1", true, false),
  OPENROUTER("openrouter", Dialect.OPENAI, "https://openrouter.ai/api/v1", true),
  /** Perplexity serves {@code /chat/completions} at its root, without a version segment. */
  PERPLEXITY("perplexity", Dialect.OPENAI, "https://api.perplexity.ai", true, false),
  CEREBRAS("cerebras", Dialect.OPENAI, "https://api.cerebras.ai/v1", true),
  OLLAMA("ollama", Dialect.OPENAI, "http://localhost:11434/v1", false),
  /** Ollama's native API ({@code /api/chat}); base URL without {@code /v1}. */
  OLLAMA_NATIVE("ollama-native", Dialect.OLLAMA, "http://localhost:11434", false),
  VLLM("vllm", Dialect.OPENAI, "http://localhost:8000/v1", false),
  SGLANG("sglang", Dialect.OPENAI, "http://localhost:30000/v1", false),
  LM_STUDIO("lm-studio", Dialect.OPENAI, "http://localhost:1234/v1", false),
  LLAMA_CPP("llama-cpp", Dialect.OPENAI, "http://localhost:8080/v1", false),
  /**
   * Azure OpenAI: {@code base-url} is the resource's {@code https://<resource>.openai.azure.com/openai}; the
   * upstream model names the deployment; key in the {@code api-key} header; {@code api-version} query parameter.
   */
  AZURE("azure", Dialect.OPENAI, null, true),
  /** Any other OpenAI-compatible server; {@code base-url} is required, the key optional. */
  OPENAI_COMPATIBLE("openai-compatible", Dialect.OPENAI, null, false),
  /** The built-in offline demo model: no network, no key. */
  DEMO("demo", Dialect.DEMO, null, false);

  private final String id;
  private final Dialect dialect;
  private final @Nullable String defaultBaseUrl;
  private final boolean keyRequired;

  private final boolean streamOptions;

  ProviderType(String id, Dialect dialect, @Nullable String defaultBaseUrl, boolean keyRequired) {
    this(id, dialect, defaultBaseUrl, keyRequired, true);
  }

  ProviderType(String id, Dialect dialect, @Nullable String defaultBaseUrl, boolean keyRequired,
      boolean streamOptions) {
    this.id = id;
    this.dialect = dialect;
    this.defaultBaseUrl = defaultBaseUrl;
    this.keyRequired = keyRequired;
    this.streamOptions = streamOptions;
  }

  /**
   * Whether an OpenAI-dialect type accepts {@code stream_options}. The gateway asks those for usage on every
   * stream; from the others it removes the field (they report usage unasked, or not at all).
   */
  public boolean streamOptions() {
    return streamOptions;
  }

  /** The spelling used in configuration, e.g. {@code lm-studio}. */
  public String id() {
    return id;
  }

  public Dialect dialect() {
    return dialect;
  }

  public @Nullable String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  public boolean keyRequired() {
    return keyRequired;
  }

  /**
   * Finds a type by its configuration spelling; case, {@code -} and {@code _} are not significant
   * ({@code lm-studio}, {@code lmstudio}, {@code LM_STUDIO}).
   */
  public static @Nullable ProviderType fromId(String value) {
    String wanted = normalize(value);
    for (ProviderType type : values()) {
      if (normalize(type.id).equals(wanted)) {
        return type;
      }
    }
    return null;
  }

  /** All configuration spellings, for error messages. */
  public static String allIds() {
    return Arrays.stream(values()).map(ProviderType::id).collect(Collectors.joining(", "));
  }

  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "").trim();
  }
}
