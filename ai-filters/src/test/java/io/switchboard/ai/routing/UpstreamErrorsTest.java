package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class UpstreamErrorsTest {

  private final Provider provider = provider();

  @Test
  void keepsTheProvidersMessageWithoutSecretsOrUrls() {
    String body = "{\"error\":{\"message\":\"Incorrect API key provided: sk-live-abcdefghijklmnop. See "
        + "https://internal.example:8443/keys or call 10.0.0.7 via llm.internal.corp\",\"type\":\"invalid_request_error\","
        + "\"code\":\"invalid_api_key\"}}";
    AiException e = UpstreamErrors.toClientError(provider, 401, body.getBytes(StandardCharsets.UTF_8), null, null);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.code()).isEqualTo("upstream_auth_failed");
    assertThat(e.getMessage()).contains("Incorrect API key provided")
        .doesNotContain("sk-live-abcdefghijklmnop").doesNotContain("internal.example")
        .doesNotContain("llm.internal.corp").doesNotContain("sk-live");
  }

  @Test
  void googleAccessTokensAreRedacted() {
    byte[] body = "{\"error\":{\"code\":401,\"message\":\"Token ya29.a0AfH6SMBx-secret_part expired\"}}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(UpstreamErrors.toClientError(provider, 401, body, null, null).getMessage())
        .contains("Token [redacted] expired").doesNotContain("ya29").doesNotContain("secret_part");
  }

  @Test
  void mapsStatusesToClientErrors() {
    byte[] anthropic = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(UpstreamErrors.toClientError(provider, 529, anthropic, null, null))
        .satisfies(e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("upstream_overloaded");
          assertThat(e.getMessage()).contains("Overloaded");
        });
    byte[] gemini = "{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload\",\"status\":\"INVALID_ARGUMENT\"}}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(UpstreamErrors.toClientError(provider, 400, gemini, null, null).status()).isEqualTo(400);
    AiException limited = UpstreamErrors.toClientError(provider, 429, "not json".getBytes(StandardCharsets.UTF_8),
        null, "1500");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.retryAfter()).isEqualTo("2");
    assertThat(UpstreamErrors.toClientError(provider, 404, new byte[0], null, null).code())
        .isEqualTo("model_not_found");
    assertThat(UpstreamErrors.toClientError(provider, 500, new byte[0], null, null).status()).isEqualTo(502);
  }

  @Test
  void theRequestedWaitKeepsItsPrecisionAndOverloadsCarryItToo() {
    byte[] body = new byte[0];
    AiException limited = UpstreamErrors.toClientError(provider, 429, body, null, "20");
    assertThat(limited.retryAfter()).as("clients get whole seconds").isEqualTo("1");
    assertThat(limited.retryAfterMillis()).as("the engine waits what was asked").isEqualTo(20);
    assertThat(UpstreamErrors.toClientError(provider, 429, body, "3", null).retryAfterMillis()).isEqualTo(3000);
    assertThat(UpstreamErrors.toClientError(provider, 429, body, null, null).retryAfterMillis()).isEqualTo(-1);
    AiException overloaded = UpstreamErrors.toClientError(provider, 503, body, "2", null);
    assertThat(overloaded.code()).isEqualTo("upstream_overloaded");
    assertThat(overloaded.retryAfter()).isEqualTo("2");
    assertThat(overloaded.retryAfterMillis()).isEqualTo(2000);
    assertThat(UpstreamErrors.toClientError(provider, 529, body, null, "750").retryAfterMillis()).isEqualTo(750);
    AiException dated = UpstreamErrors.toClientError(provider, 503, body, "Thu, 01 Jan 2026 00:00:07 GMT", "4000");
    assertThat(dated.retryAfter()).as("a date is a valid Retry-After for the client too")
        .isEqualTo("Thu, 01 Jan 2026 00:00:07 GMT");
    assertThat(dated.retryAfterMillis()).isEqualTo(4000);
  }

  private static Provider provider() {
    AiProperties properties = new AiProperties();
    AiProperties.ProviderProperties p = new AiProperties.ProviderProperties();
    p.setType("openai-compatible");
    p.setBaseUrl("http://llm.internal.corp:8000/v1");
    p.setApiKey("sk-live-abcdefghijklmnop");
    properties.getProviders().put("corp", p);
    return new ProviderRegistry(properties).find("corp");
  }
}
