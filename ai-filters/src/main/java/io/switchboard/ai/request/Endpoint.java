package io.switchboard.ai.request;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriUtils;

/**
 * The AI endpoint a request path names: the client's dialect, the operation, and for Gemini the model and the
 * streaming flag, which that dialect puts in the URL rather than the body. Recognised by the path's end, so AI
 * routes may be mounted under any prefix ({@code /team-a/v1/chat/completions}).
 *
 * <ul>
 *   <li>OpenAI: {@code …/chat/completions}, {@code …/embeddings}; the Responses API: {@code …/v1/responses}</li>
 *   <li>Anthropic: {@code …/v1/messages}</li>
 *   <li>Gemini: {@code …/models/{model}:generateContent}, {@code :streamGenerateContent},
 *       {@code :embedContent}, {@code :batchEmbedContents}</li>
 * </ul>
 *
 * @param pathModel the model named in the path (Gemini), or {@code null}
 * @param streamByPath whether the path itself asks for a stream (Gemini's {@code :streamGenerateContent})
 * @param batch for Gemini embeddings, whether the path is {@code :batchEmbedContents} (else {@code :embedContent})
 */
public record Endpoint(Dialect dialect, Operation operation, @Nullable String pathModel, boolean streamByPath,
    boolean batch) {

  private static final String MODELS = "/models/";

  /** The endpoint of a path, or {@code null} when the path names no AI endpoint the gateway serves. */
  public static @Nullable Endpoint of(String rawPath) {
    String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    if (path.endsWith("/chat/completions")) {
      return new Endpoint(Dialect.OPENAI, Operation.CHAT, null, false, false);
    }
    if (path.endsWith("/embeddings")) {
      return new Endpoint(Dialect.OPENAI, Operation.EMBEDDINGS, null, false, false);
    }
    if (path.endsWith("/v1/responses")) {
      return new Endpoint(Dialect.RESPONSES, Operation.CHAT, null, false, false);
    }
    if (path.endsWith("/v1/messages/count_tokens")) {
      return new Endpoint(Dialect.ANTHROPIC, Operation.COUNT_TOKENS, null, false, false);
    }
    if (path.endsWith("/v1/messages")) {
      return new Endpoint(Dialect.ANTHROPIC, Operation.CHAT, null, false, false);
    }
    int models = path.lastIndexOf(MODELS);
    // The method follows the last ':' (model ids such as Bedrock's "…-v1:0" contain colons themselves).
    int colon = models < 0 ? -1 : path.lastIndexOf(':');
    if (colon < 0 || path.indexOf('/', models + MODELS.length()) >= 0) {
      return null;
    }
    String model = UriUtils.decode(path.substring(models + MODELS.length(), colon), StandardCharsets.UTF_8);
    if (model.isEmpty()) {
      return null;
    }
    return switch (path.substring(colon + 1)) {
      case "generateContent" -> new Endpoint(Dialect.GEMINI, Operation.CHAT, model, false, false);
      case "streamGenerateContent" -> new Endpoint(Dialect.GEMINI, Operation.CHAT, model, true, false);
      case "embedContent" -> new Endpoint(Dialect.GEMINI, Operation.EMBEDDINGS, model, false, false);
      case "batchEmbedContents" -> new Endpoint(Dialect.GEMINI, Operation.EMBEDDINGS, model, false, true);
      case "countTokens" -> new Endpoint(Dialect.GEMINI, Operation.COUNT_TOKENS, model, false, false);
      default -> null;
    };
  }
}
