package io.switchboard.ai.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class EndpointTest {

  @Test
  void openAiEndpointsUnderAnyPrefix() {
    assertThat(Endpoint.of("/v1/chat/completions"))
        .isEqualTo(new Endpoint(Dialect.OPENAI, Operation.CHAT, null, false, false));
    assertThat(Endpoint.of("/team-a/v1/embeddings/").operation()).isEqualTo(Operation.EMBEDDINGS);
  }

  @Test
  void anthropicMessages() {
    assertThat(Endpoint.of("/v1/messages").dialect()).isEqualTo(Dialect.ANTHROPIC);
    assertThat(Endpoint.of("/v1/messages/count_tokens").operation()).isEqualTo(Operation.COUNT_TOKENS);
  }

  @Test
  void geminiPutsModelAndStreamingInThePath() {
    Endpoint stream = Endpoint.of("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    assertThat(stream).isEqualTo(new Endpoint(Dialect.GEMINI, Operation.CHAT, "gemini-2.5-flash", true, false));
    assertThat(Endpoint.of("/v1beta/models/gemini%2D2.5:generateContent").pathModel()).isEqualTo("gemini-2.5");
    assertThat(Endpoint.of("/v1/models/text-embedding-004:batchEmbedContents").batch()).isTrue();
    assertThat(Endpoint.of("/v1beta/models/m:embedContent").operation()).isEqualTo(Operation.EMBEDDINGS);
    assertThat(Endpoint.of("/v1beta/models/anthropic.claude-v1:0:generateContent").pathModel())
        .isEqualTo("anthropic.claude-v1:0");
  }

  @Test
  void otherPathsAreNoEndpoint() {
    assertThat(Endpoint.of("/v1/models")).isNull();
    assertThat(Endpoint.of("/v1/models/gpt-4o")).isNull();
    assertThat(Endpoint.of("/v1beta/models/:generateContent")).isNull();
    assertThat(Endpoint.of("/v1beta/models/m:countTokens").operation()).isEqualTo(Operation.COUNT_TOKENS);
    assertThat(Endpoint.of("/v1beta/models/m:predict")).isNull();
    assertThat(Endpoint.of("/v1beta/models/a/b:generateContent")).isNull();
    assertThat(Endpoint.of("/api/orders")).isNull();
  }
}
