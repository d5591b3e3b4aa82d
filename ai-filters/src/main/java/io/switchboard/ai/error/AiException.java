package io.switchboard.ai.error;

import org.jspecify.annotations.Nullable;

/**
 * An error answered to the client in its dialect's error shape. The message is shown to the client as is: never put
 * credentials, internal URLs or stack traces in it.
 *
 * <p>{@code type} follows OpenAI's vocabulary ({@code invalid_request_error}, {@code authentication_error},
 * {@code rate_limit_error}, {@code upstream_error}, {@code timeout_error}, {@code server_error}).
 */
public final class AiException extends RuntimeException {

  private final int status;
  private final String type;
  private final @Nullable String code;
  private final @Nullable String param;
  private final @Nullable String retryAfter;
  private final long retryAfterMillis;

  public AiException(int status, String type, @Nullable String code, @Nullable String param, String message,
      @Nullable String retryAfter) {
    this(status, type, code, param, message, retryAfter, -1);
  }

  /**
   * @param retryAfter the client's {@code Retry-After} value (whole seconds or an HTTP date)
   * @param retryAfterMillis the provider's requested wait at full precision ({@code retry-after-ms}, a rate-limit
   *     reset, an HTTP date resolved against the clock), or -1 when it asked for none
   */
  public AiException(int status, String type, @Nullable String code, @Nullable String param, String message,
      @Nullable String retryAfter, long retryAfterMillis) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.retryAfter = retryAfter;
    this.retryAfterMillis = retryAfterMillis;
  }

  public static AiException invalidRequest(String message, @Nullable String param) {
    return new AiException(400, "invalid_request_error", null, param, message, null);
  }

  public static AiException invalidRequest(String message, @Nullable String param, String code) {
    return new AiException(400, "invalid_request_error", code, param, message, null);
  }

  public static AiException unauthorized(String message) {
    return new AiException(401, "authentication_error", "invalid_api_key", null, message, null);
  }

  public static AiException modelNotFound(String model) {
    return new AiException(404, "invalid_request_error", "model_not_found", "model",
        "The model '" + model + "' does not exist or is not served by this gateway.", null);
  }

  public static AiException tooLarge(String message) {
    return new AiException(413, "invalid_request_error", "request_too_large", null, message, null);
  }

  public static AiException rateLimited(String message, @Nullable String retryAfter) {
    return new AiException(429, "rate_limit_error", "rate_limit_exceeded", null, message, retryAfter);
  }

  public static AiException upstream(String message, @Nullable String code) {
    return new AiException(502, "upstream_error", code, null, message, null);
  }

  public static AiException timeout(String message) {
    return new AiException(504, "timeout_error", "upstream_timeout", null, message, null);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public @Nullable String code() {
    return code;
  }

  public @Nullable String param() {
    return param;
  }

  public @Nullable String retryAfter() {
    return retryAfter;
  }

  /**
   * The provider's requested wait in milliseconds, more precise than {@link #retryAfter()} (which a client gets
   * rounded up to whole seconds); -1 when not known, in which case {@link #retryAfter()} is all there is.
   */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
