package io.switchboard.ai.failover;

import io.switchboard.ai.error.AiException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What kind of failure an attempt met, which decides what a failover route does next ({@link FailureAction}).
 * Classified from the error the client would see ({@link AiException}: status, code and the provider's message),
 * so it works the same for every provider dialect.
 */
public enum ErrorClass {
  /** HTTP 429 without a quota problem: the provider asks to slow down, often with Retry-After. */
  RATE_LIMITED,
  /** Anthropic's 529, a 503: the provider is temporarily out of capacity. */
  OVERLOADED,
  /** Any other 5xx, or a stream that broke (cut, truncated, malformed) before output reached the client. */
  SERVER_ERROR,
  /** Connect, first-token or idle timeout, or a provider's 408/504. */
  TIMEOUT,
  /** Connection refused, reset or closed before a response, DNS or TLS failure. */
  CONNECTION,
  /** The prompt does not fit the model's context window: a target with a larger window may take it. */
  CONTEXT_WINDOW,
  /** The provider's content filter refused the prompt or the answer. */
  CONTENT_FILTERED,
  /** The provider rejected the gateway's credentials (401, 403): the target is unusable until fixed. */
  AUTH,
  /** Out of quota or credit (402, OpenAI's {@code insufficient_quota}, Anthropic's "credit balance is too low"). */
  BILLING,
  /** The target does not know the model (404): a configuration problem of this target only. */
  NOT_FOUND,
  /** Anything else the client got wrong (400, 413, 422): another target would refuse it too. */
  BAD_REQUEST;

  private static final Pattern CONTEXT_WINDOW_MESSAGE = Pattern.compile(
      "context[ _-]?(length|window)|maximum context|prompt is too long|too many tokens|input is too long"
          + "|exceeds the (maximum|max) (number of )?(input )?tokens|reduce the length of the (messages|prompt)");
  private static final Pattern CONTENT_FILTER_MESSAGE = Pattern.compile(
      "content[ _-]?(filter|management polic|policy)|responsible ai polic|flagged as (potentially )?(harmful|unsafe)");

  /** The class of an error as the client would receive it. */
  public static ErrorClass of(AiException error) {
    int status = error.status();
    String code = error.code() == null ? "" : error.code().toLowerCase(Locale.ROOT);
    String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
    if (code.equals("unknown_url") || code.equals("unsupported_operation") || code.equals("unsupported_dialect")) {
      return BAD_REQUEST;
    }
    if (code.equals("provider_not_configured") || code.equals("provider_not_declared")) {
      return NOT_FOUND;
    }
    // Anthropic answers an exhausted credit balance with a plain 400 invalid_request_error.
    if (code.equals("insufficient_quota") || code.equals("upstream_billing") || status == 402
        || message.contains("credit balance is too low")) {
      return BILLING;
    }
    if (status == 429) {
      return message.contains("insufficient_quota") || message.contains("exceeded your current quota")
          ? BILLING : RATE_LIMITED;
    }
    if (code.equals("upstream_auth_failed")) {
      return AUTH;
    }
    if (code.equals("upstream_overloaded") || status == 529 || status == 503) {
      return OVERLOADED;
    }
    if (status == 504 || status == 408 || error.type().equals("timeout_error")) {
      return TIMEOUT;
    }
    if (code.equals("upstream_unreachable") || code.equals("upstream_connection_closed")
        || code.equals("upstream_connection_error") || code.equals("upstream_tls_error")) {
      return CONNECTION;
    }
    if (status >= 500) {
      return SERVER_ERROR;
    }
    if (code.equals("context_length_exceeded") || code.equals("string_above_max_length")
        || CONTEXT_WINDOW_MESSAGE.matcher(message).find()) {
      return CONTEXT_WINDOW;
    }
    if (code.equals("content_filter") || code.equals("content_policy_violation")
        || CONTENT_FILTER_MESSAGE.matcher(message).find()) {
      return CONTENT_FILTERED;
    }
    if (status == 404) {
      return NOT_FOUND;
    }
    return BAD_REQUEST;
  }

  /** The property spelling, e.g. {@code rate-limited}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
