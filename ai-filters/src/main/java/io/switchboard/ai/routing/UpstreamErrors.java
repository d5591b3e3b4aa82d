package io.switchboard.ai.routing;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.Provider;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Maps a provider's error response to the client's error. The provider's message is kept (it usually says what is
 * wrong with the request) after removing anything that could identify the gateway's credentials or network.
 * OpenAI, Anthropic and Gemini all put their message at {@code error.message}.
 */
final class UpstreamErrors {

  private static final int MAX_MESSAGE = 1000;
  private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>]+");
  private static final Pattern KEY_LIKE = Pattern.compile(
      "(sk-[A-Za-z0-9_\\-]{6,}|AIza[0-9A-Za-z_\\-]{20,}|gsk_[A-Za-z0-9]{10,}|xai-[A-Za-z0-9]{10,}"
          + "|ya29\\.[A-Za-z0-9_\\-.]{10,})"); // ya29.…: Google OAuth access tokens (Vertex AI)

  private UpstreamErrors() {
  }

  static AiException toClientError(Provider provider, int status, byte[] body, @Nullable String retryAfter,
      @Nullable String retryAfterMs) {
    String raw = null;
    String code = null;
    String param = null;
    try {
      JsonNode root = Json.MAPPER.readTree(body);
      JsonNode error = root.path("error");
      if (error.isString()) {
        raw = error.asString();
      } else if (error.isObject()) {
        raw = error.path("message").asString(null);
        JsonNode c = error.get("code");
        code = c != null && !c.isNull() ? c.asString() : error.path("type").asString(null);
        JsonNode p = error.get("param");
        param = p != null && p.isString() ? p.asString() : null;
      } else if (root.path("message").isString()) {
        raw = root.path("message").asString();
      }
    } catch (JacksonException e) {
      raw = new String(body, 0, Math.min(body.length, MAX_MESSAGE), StandardCharsets.UTF_8).strip();
    }
    String message = sanitize(provider, raw == null || raw.isBlank() ? "(no message)" : raw);
    String who = "Provider '" + provider.id() + "'";
    String clientRetryAfter = retryAfter(retryAfter, retryAfterMs);
    long waitMillis = retryAfterMillis(retryAfter, retryAfterMs);
    return switch (status) {
      case 400, 422 -> new AiException(400, "invalid_request_error", code, param, message, null);
      case 404 -> new AiException(404, "invalid_request_error", "model_not_found", "model", message, null);
      case 413 -> AiException.tooLarge(message);
      case 429 -> new AiException(429, "rate_limit_error", "rate_limit_exceeded", null,
          who + " is rate limiting requests: " + message, clientRetryAfter, waitMillis);
      case 402 -> AiException.upstream(who + " refused the request for billing reasons (HTTP 402): " + message,
          "upstream_billing");
      case 401, 403, 498 -> AiException.upstream(who + " rejected the gateway's credentials (HTTP " + status
          + "): " + message, "upstream_auth_failed");
      case 408, 504 -> AiException.timeout(who + " timed out (HTTP " + status + "): " + message);
      case 503, 529 -> new AiException(502, "upstream_error", "upstream_overloaded", null,
          who + " is overloaded (HTTP " + status + "): " + message, clientRetryAfter, waitMillis);
      default -> AiException.upstream(who + " failed (HTTP " + status + "): " + message, "upstream_error");
    };
  }

  /** Removes the provider's key and any URL (which could name internal hosts) from a message. */
  static String sanitize(Provider provider, String message) {
    String m = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    if (provider.apiKey() != null && provider.apiKey().length() >= 4) {
      m = m.replace(provider.apiKey(), "[redacted]");
    }
    m = URL.matcher(m).replaceAll("[url]");
    m = KEY_LIKE.matcher(m).replaceAll("[redacted]");
    String host = provider.baseUri().getHost();
    if (host != null && host.length() > 3) {
      m = m.replace(host, "[provider]");
    }
    return m;
  }

  /**
   * The provider's requested wait in milliseconds at full precision: {@code retryAfterMs} (OpenAI's
   * {@code retry-after-ms}, an HTTP date or a rate-limit reset, as {@link HttpUpstream#retryAfterMs} read them), else
   * {@code Retry-After} in (possibly fractional) seconds; -1 when the provider asked for no wait.
   */
  static long retryAfterMillis(@Nullable String retryAfter, @Nullable String retryAfterMs) {
    if (retryAfterMs != null) {
      try {
        double ms = Double.parseDouble(retryAfterMs.trim());
        if (ms >= 0) {
          return (long) Math.ceil(ms);
        }
      } catch (NumberFormatException e) {
        // fall back to Retry-After
      }
    }
    java.time.Duration seconds = io.switchboard.ai.failover.Backoff.parseRetryAfter(retryAfter);
    return seconds == null ? -1 : seconds.toMillis();
  }

  /** Retry-After in whole seconds, from {@code retry-after} or OpenAI's {@code retry-after-ms}. */
  static @Nullable String retryAfter(@Nullable String retryAfter, @Nullable String retryAfterMs) {
    if (retryAfter != null && !retryAfter.isBlank()) {
      return retryAfter.trim();
    }
    if (retryAfterMs != null) {
      try {
        long ms = (long) Double.parseDouble(retryAfterMs.trim());
        return Long.toString(Math.max(1, (ms + 999) / 1000));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
