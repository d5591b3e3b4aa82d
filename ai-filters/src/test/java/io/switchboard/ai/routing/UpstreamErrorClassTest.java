package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.failover.ErrorClass;
import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Provider error responses, through {@link UpstreamErrors}, to the failover {@link ErrorClass}. */
final class UpstreamErrorClassTest {

  private final Provider provider = provider();

  private ErrorClass classify(int status, String body) {
    return ErrorClass.of(UpstreamErrors.toClientError(provider, status, body.getBytes(StandardCharsets.UTF_8),
        null, null));
  }

  @Test
  void openAi() {
    assertThat(classify(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o\",\"type\":\"requests\","
        + "\"code\":\"rate_limit_exceeded\"}}")).isEqualTo(ErrorClass.RATE_LIMITED);
    assertThat(classify(429, "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and "
        + "billing details.\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"))
        .isEqualTo(ErrorClass.BILLING);
    assertThat(classify(400, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\","
        + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}"))
        .isEqualTo(ErrorClass.CONTEXT_WINDOW);
    assertThat(classify(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}"))
        .isEqualTo(ErrorClass.AUTH);
    assertThat(classify(404, "{\"error\":{\"message\":\"The model does not exist\",\"code\":\"model_not_found\"}}"))
        .isEqualTo(ErrorClass.NOT_FOUND);
    assertThat(classify(500, "{\"error\":{\"message\":\"The server had an error\"}}"))
        .isEqualTo(ErrorClass.SERVER_ERROR);
    assertThat(classify(503, "{\"error\":{\"message\":\"unavailable\"}}")).isEqualTo(ErrorClass.OVERLOADED);
    assertThat(classify(504, "gateway timeout")).isEqualTo(ErrorClass.TIMEOUT);
    assertThat(classify(408, "")).isEqualTo(ErrorClass.TIMEOUT);
    assertThat(classify(402, "{\"error\":{\"message\":\"Payment required\"}}")).isEqualTo(ErrorClass.BILLING);
    assertThat(classify(403, "{\"error\":{\"message\":\"forbidden\"}}")).isEqualTo(ErrorClass.AUTH);
    assertThat(classify(422, "{\"error\":{\"message\":\"bad field\"}}")).isEqualTo(ErrorClass.BAD_REQUEST);
  }

  @Test
  void anthropic() {
    assertThat(classify(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
        .isEqualTo(ErrorClass.OVERLOADED);
    assertThat(classify(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt "
        + "is too long: 210000 tokens > 200000 maximum\"}}")).isEqualTo(ErrorClass.CONTEXT_WINDOW);
    assertThat(classify(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Your "
        + "credit balance is too low to access the Anthropic API.\"}}")).isEqualTo(ErrorClass.BILLING);
    assertThat(classify(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
        + "\"messages: roles must alternate\"}}")).isEqualTo(ErrorClass.BAD_REQUEST);
  }

  @Test
  void gemini() {
    assertThat(classify(400, "{\"error\":{\"code\":400,\"message\":\"The input token count (1200000) exceeds the "
        + "maximum number of tokens allowed (1048576).\",\"status\":\"INVALID_ARGUMENT\"}}"))
        .isEqualTo(ErrorClass.CONTEXT_WINDOW);
    assertThat(classify(429, "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
        + "\"status\":\"RESOURCE_EXHAUSTED\"}}")).isEqualTo(ErrorClass.RATE_LIMITED);
    assertThat(classify(400, "{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload\",\"status\":"
        + "\"INVALID_ARGUMENT\"}}")).isEqualTo(ErrorClass.BAD_REQUEST);
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
