package io.switchboard.ai.request;

import io.switchboard.ai.error.AiException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An AI request body read once per exchange and shared by the predicates and filters of its route (stored under
 * {@link #ATTRIBUTE}). The body is scanned on creation; the full tree is parsed only when a translator asks for it.
 * Not thread-safe: an exchange is processed by one thread at a time.
 */
public final class AiRequest {

  /** Exchange attribute holding the {@code AiRequest} of the current exchange. */
  public static final String ATTRIBUTE = AiRequest.class.getName();

  private final byte[] body;
  private final @Nullable Endpoint endpoint;
  private final @Nullable BodyScan scan;
  private final @Nullable AiException invalid;
  private final JsonMapper mapper;
  private @Nullable ObjectNode tree;

  AiRequest(byte[] body, @Nullable Endpoint endpoint, @Nullable BodyScan scan, @Nullable AiException invalid,
      JsonMapper mapper) {
    this.body = body;
    this.endpoint = endpoint;
    this.scan = scan;
    this.invalid = invalid;
    this.mapper = mapper;
  }

  /** The raw body as received. Callers must not modify it. */
  public byte[] body() {
    return body;
  }

  /** The endpoint the path names, or {@code null} when it names none the gateway serves. */
  public @Nullable Endpoint endpoint() {
    return endpoint;
  }

  /** The requested operation, or {@code null} when the path names none the gateway serves. */
  public @Nullable Operation operation() {
    return endpoint == null ? null : endpoint.operation();
  }

  /** The client's dialect (OpenAI when the path names no AI endpoint). */
  public Dialect dialect() {
    return endpoint == null ? Dialect.OPENAI : endpoint.dialect();
  }

  /**
   * The requested model: from the path for Gemini, else from the body; {@code null} when there is none (or the
   * body is not valid JSON).
   */
  public @Nullable String model() {
    if (endpoint != null && endpoint.pathModel() != null) {
      return endpoint.pathModel();
    }
    return scan == null ? null : scan.model();
  }

  /** Whether the client asked for a stream (in the body, or for Gemini in the path). */
  public boolean stream() {
    if (endpoint != null && endpoint.dialect() == Dialect.GEMINI) {
      return endpoint.streamByPath();
    }
    return scan != null && scan.stream();
  }

  /** Whether a streaming client asked for a final usage chunk. */
  public boolean includeUsage() {
    return scan != null && scan.includeUsage();
  }

  /**
   * The scan of a valid body.
   *
   * @throws AiException the 400 describing why the body is not a valid JSON object
   */
  public BodyScan scan() {
    if (scan == null) {
      throw invalid != null ? invalid : AiException.invalidRequest("The request body is empty.", null);
    }
    return scan;
  }

  /**
   * The body parsed as a tree, once; later calls return the same (mutable) tree.
   *
   * @throws AiException 400 when the body is not a valid JSON object
   */
  public ObjectNode tree() {
    if (tree == null) {
      scan();
      try {
        JsonNode node = mapper.readTree(body);
        tree = (ObjectNode) node;
      } catch (JacksonException | ClassCastException e) {
        throw AiException.invalidRequest("The request body is not valid JSON.", null, "invalid_json");
      }
    }
    return tree;
  }
}
