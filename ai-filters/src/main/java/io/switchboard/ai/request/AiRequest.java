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
  private final @Nullable Operation operation;
  private final Dialect dialect;
  private final @Nullable BodyScan scan;
  private final @Nullable AiException invalid;
  private final JsonMapper mapper;
  private @Nullable ObjectNode tree;

  AiRequest(byte[] body, @Nullable Operation operation, Dialect dialect, @Nullable BodyScan scan,
      @Nullable AiException invalid, JsonMapper mapper) {
    this.body = body;
    this.operation = operation;
    this.dialect = dialect;
    this.scan = scan;
    this.invalid = invalid;
    this.mapper = mapper;
  }

  /** The raw body as received. Callers must not modify it. */
  public byte[] body() {
    return body;
  }

  /** The requested operation, or {@code null} when the path names none the gateway knows. */
  public @Nullable Operation operation() {
    return operation;
  }

  /** The client's dialect. */
  public Dialect dialect() {
    return dialect;
  }

  /** The requested model, or {@code null} when the body names none (or is not valid JSON). */
  public @Nullable String model() {
    return scan == null ? null : scan.model();
  }

  public boolean stream() {
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
