package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.error.AiException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** AiExceptions shaped as {@code routing.UpstreamErrors} and the gateway itself build them. */
final class ErrorClassTest {

  private static AiException upstream(int status, String message) {
    String code = switch (status) {
      case 402 -> "upstream_billing";
      case 401, 403, 498 -> "upstream_auth_failed";
      case 503, 529 -> "upstream_overloaded";
      default -> "upstream_error";
    };
    return AiException.upstream("Provider 'p' failed (HTTP " + status + "): " + message, code);
  }

  private static AiException badRequest(String code, String message) {
    return new AiException(400, "invalid_request_error", code, null, message, null);
  }

  @Test
  void rateLimitedUnlessTheQuotaIsGone() {
    assertThat(ErrorClass.of(AiException.rateLimited("Provider 'p' is rate limiting requests: slow down", "3")))
        .isEqualTo(ErrorClass.RATE_LIMITED);
    // Gemini's per-minute quota is rate limiting, not billing.
    assertThat(ErrorClass.of(AiException.rateLimited("Provider 'p' is rate limiting requests: Quota exceeded for "
        + "metric generate_content_requests_per_minute", null))).isEqualTo(ErrorClass.RATE_LIMITED);
    // OpenAI answers insufficient_quota with a 429; UpstreamErrors keeps only the message.
    assertThat(ErrorClass.of(AiException.rateLimited("Provider 'p' is rate limiting requests: You exceeded your "
        + "current quota, please check your plan and billing details.", null))).isEqualTo(ErrorClass.BILLING);
    assertThat(ErrorClass.of(new AiException(429, "rate_limit_error", "insufficient_quota", null, "no", null)))
        .isEqualTo(ErrorClass.BILLING);
  }

  @Test
  void billing() {
    assertThat(ErrorClass.of(upstream(402, "payment required"))).isEqualTo(ErrorClass.BILLING);
    assertThat(ErrorClass.of(new AiException(402, "upstream_error", null, null, "pay", null)))
        .isEqualTo(ErrorClass.BILLING);
    assertThat(ErrorClass.of(AiException.upstream("x", "insufficient_quota"))).isEqualTo(ErrorClass.BILLING);
    // Anthropic answers an empty credit balance with a plain 400 invalid_request_error.
    assertThat(ErrorClass.of(badRequest("invalid_request_error", "Your credit balance is too low to access the "
        + "Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."))).isEqualTo(ErrorClass.BILLING);
  }

  @Test
  void overloaded() {
    assertThat(ErrorClass.of(upstream(529, "Overloaded"))).isEqualTo(ErrorClass.OVERLOADED);
    assertThat(ErrorClass.of(upstream(503, "unavailable"))).isEqualTo(ErrorClass.OVERLOADED);
    assertThat(ErrorClass.of(new AiException(503, "upstream_error", null, null, "x", null)))
        .isEqualTo(ErrorClass.OVERLOADED);
    assertThat(ErrorClass.of(new AiException(529, "upstream_error", null, null, "x", null)))
        .isEqualTo(ErrorClass.OVERLOADED);
  }

  @Test
  void timeouts() {
    assertThat(ErrorClass.of(AiException.timeout("Provider 'p' timed out (HTTP 504): x")))
        .isEqualTo(ErrorClass.TIMEOUT);
    assertThat(ErrorClass.of(AiException.timeout("Provider 'p' timed out (HTTP 408): x")))
        .isEqualTo(ErrorClass.TIMEOUT);
    assertThat(ErrorClass.of(new AiException(408, "invalid_request_error", null, null, "x", null)))
        .isEqualTo(ErrorClass.TIMEOUT);
    // A gateway-local first-token timeout with another status is still a timeout by its type.
    assertThat(ErrorClass.of(new AiException(502, "timeout_error", "first_token_timeout", null, "x", null)))
        .isEqualTo(ErrorClass.TIMEOUT);
  }

  @Test
  void connectionFailures() {
    for (String code : Arrays.asList("upstream_unreachable", "upstream_connection_closed",
        "upstream_connection_error", "upstream_tls_error")) {
      assertThat(ErrorClass.of(AiException.upstream("x", code))).as(code).isEqualTo(ErrorClass.CONNECTION);
    }
  }

  @Test
  void otherServerErrors() {
    assertThat(ErrorClass.of(upstream(500, "internal"))).isEqualTo(ErrorClass.SERVER_ERROR);
    assertThat(ErrorClass.of(upstream(502, "bad gateway"))).isEqualTo(ErrorClass.SERVER_ERROR);
    assertThat(ErrorClass.of(AiException.upstream("stream cut", "upstream_stream_error")))
        .isEqualTo(ErrorClass.SERVER_ERROR);
    assertThat(ErrorClass.of(AiException.upstream("not json", null))).isEqualTo(ErrorClass.SERVER_ERROR);
    // A 5xx is the provider's failure even when its message talks about the context.
    assertThat(ErrorClass.of(upstream(500, "context length computation failed")))
        .isEqualTo(ErrorClass.SERVER_ERROR);
  }

  @Test
  void contextWindow() {
    assertThat(ErrorClass.of(badRequest("context_length_exceeded", "This model's maximum context length is 128000 "
        + "tokens. However, your messages resulted in 130000 tokens."))).isEqualTo(ErrorClass.CONTEXT_WINDOW);
    assertThat(ErrorClass.of(badRequest("context_length_exceeded", "x"))).isEqualTo(ErrorClass.CONTEXT_WINDOW);
    assertThat(ErrorClass.of(badRequest("string_above_max_length", "x"))).isEqualTo(ErrorClass.CONTEXT_WINDOW);
    assertThat(ErrorClass.of(badRequest("invalid_request_error", "prompt is too long: 210000 tokens > 200000 "
        + "maximum"))).isEqualTo(ErrorClass.CONTEXT_WINDOW);
    assertThat(ErrorClass.of(badRequest("400", "The input token count (1200000) exceeds the maximum number of "
        + "tokens allowed (1048576)."))).isEqualTo(ErrorClass.CONTEXT_WINDOW);
    assertThat(ErrorClass.of(badRequest(null, "Input is too long for requested model.")))
        .isEqualTo(ErrorClass.CONTEXT_WINDOW);
  }

  @Test
  void contentFilter() {
    assertThat(ErrorClass.of(badRequest("content_filter", "x"))).isEqualTo(ErrorClass.CONTENT_FILTERED);
    assertThat(ErrorClass.of(badRequest("content_policy_violation", "x"))).isEqualTo(ErrorClass.CONTENT_FILTERED);
    assertThat(ErrorClass.of(badRequest(null, "The response was filtered due to the prompt triggering Azure "
        + "OpenAI's content management policy."))).isEqualTo(ErrorClass.CONTENT_FILTERED);
    assertThat(ErrorClass.of(badRequest(null, "Input was flagged as potentially harmful")))
        .isEqualTo(ErrorClass.CONTENT_FILTERED);
  }

  @Test
  void auth() {
    assertThat(ErrorClass.of(upstream(401, "Incorrect API key"))).isEqualTo(ErrorClass.AUTH);
    assertThat(ErrorClass.of(upstream(403, "forbidden"))).isEqualTo(ErrorClass.AUTH);
    // The client's own bad gateway key is not the target's fault: another target would refuse it too.
    assertThat(ErrorClass.of(AiException.unauthorized("bad key"))).isEqualTo(ErrorClass.BAD_REQUEST);
  }

  @Test
  void notFoundAndBadRequests() {
    assertThat(ErrorClass.of(new AiException(404, "invalid_request_error", "model_not_found", "model",
        "The model 'x' does not exist", null))).isEqualTo(ErrorClass.NOT_FOUND);
    assertThat(ErrorClass.of(AiException.modelNotFound("x"))).isEqualTo(ErrorClass.NOT_FOUND);
    assertThat(ErrorClass.of(badRequest(null, "Invalid JSON payload"))).isEqualTo(ErrorClass.BAD_REQUEST);
    assertThat(ErrorClass.of(AiException.tooLarge("too big"))).isEqualTo(ErrorClass.BAD_REQUEST);
    assertThat(ErrorClass.of(new AiException(422, "invalid_request_error", null, null, "x", null)))
        .isEqualTo(ErrorClass.BAD_REQUEST);
  }

  @Test
  void gatewayLocalCodes() {
    assertThat(ErrorClass.of(new AiException(404, "invalid_request_error", "unknown_url", null, "x", null)))
        .isEqualTo(ErrorClass.BAD_REQUEST);
    assertThat(ErrorClass.of(new AiException(400, "invalid_request_error", "unsupported_operation", null, "x", null)))
        .isEqualTo(ErrorClass.BAD_REQUEST);
    assertThat(ErrorClass.of(new AiException(400, "invalid_request_error", "unsupported_dialect", null, "x", null)))
        .isEqualTo(ErrorClass.BAD_REQUEST);
    // A target whose provider is not configured: only this target is broken, the next one may work.
    assertThat(ErrorClass.of(new AiException(503, "upstream_error", "provider_not_configured", null, "x", null)))
        .isEqualTo(ErrorClass.NOT_FOUND);
    assertThat(ErrorClass.of(new AiException(500, "server_error", "provider_not_declared", null, "x", null)))
        .isEqualTo(ErrorClass.NOT_FOUND);
  }

  @Test
  void ids() {
    assertThat(ErrorClass.RATE_LIMITED.id()).isEqualTo("rate-limited");
    assertThat(ErrorClass.CONTEXT_WINDOW.id()).isEqualTo("context-window");
    assertThat(ErrorClass.BAD_REQUEST.id()).isEqualTo("bad-request");
  }
}
