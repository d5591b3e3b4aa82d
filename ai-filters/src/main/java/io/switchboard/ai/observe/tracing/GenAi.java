package io.switchboard.ai.observe.tracing;

import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderType;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.Endpoint;

/** OpenTelemetry GenAI semantic-convention names and values. */
final class GenAi {

  static final String OPERATION_NAME = "gen_ai.operation.name";
  static final String PROVIDER_NAME = "gen_ai.provider.name";
  static final String REQUEST_MODEL = "gen_ai.request.model";
  static final String RESPONSE_MODEL = "gen_ai.response.model";
  static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
  static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  static final String ERROR_TYPE = "error.type";
  static final String PROVIDER_ID = "switchboard.provider.id";
  static final String HEDGE = "switchboard.attempt.hedge";
  static final String OUTCOME = "switchboard.attempt.outcome";
  static final String ROUTE_ID = "switchboard.route.id";

  private GenAi() {
  }

  /** {@code chat}, {@code embeddings}, or the operation's own name ({@code count_tokens}). */
  static String operation(AiRequest request) {
    Endpoint endpoint = request.endpoint();
    if (endpoint == null) {
      return "chat";
    }
    return switch (endpoint.operation()) {
      case CHAT -> "chat";
      case EMBEDDINGS -> "embeddings";
      case COUNT_TOKENS -> "count_tokens";
    };
  }

  /** The provider's well-known name in the conventions, else its type's id ({@code groq}, {@code vllm} …). */
  static String provider(Provider provider) {
    ProviderType type = provider.type();
    return switch (type) {
      case OPENAI -> "openai";
      case ANTHROPIC -> "anthropic";
      case GEMINI -> "gcp.gemini";
      case VERTEX -> "gcp.vertex_ai";
      case BEDROCK -> "aws.bedrock";
      case AZURE -> "azure.ai.openai";
      case COHERE -> "cohere";
      case GROQ -> "groq";
      case DEEPSEEK -> "deepseek";
      case MISTRAL -> "mistral_ai";
      case PERPLEXITY -> "perplexity";
      case XAI -> "x_ai";
      default -> type.id();
    };
  }
}
