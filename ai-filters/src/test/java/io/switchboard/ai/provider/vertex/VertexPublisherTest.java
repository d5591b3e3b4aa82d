package io.switchboard.ai.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.Dialect;
import org.junit.jupiter.api.Test;

final class VertexPublisherTest {

  @Test
  void claudeModelsAreAnthropicsAndEveryOtherGoogles() {
    assertThat(VertexPublisher.of("claude-sonnet-4-5@20250929")).isEqualTo(VertexPublisher.ANTHROPIC);
    assertThat(VertexPublisher.of("Claude-3-5-haiku@20241022")).isEqualTo(VertexPublisher.ANTHROPIC);
    assertThat(VertexPublisher.of("gemini-2.5-flash")).isEqualTo(VertexPublisher.GOOGLE);
    assertThat(VertexPublisher.of("my-claude-finetune")).isEqualTo(VertexPublisher.GOOGLE);
    assertThat(VertexPublisher.ANTHROPIC.dialect()).isEqualTo(Dialect.ANTHROPIC);
    assertThat(VertexPublisher.GOOGLE.dialect()).isEqualTo(Dialect.GEMINI);
  }

  @Test
  void chatPathsFollowThePublisher() {
    assertThat(VertexPublisher.ANTHROPIC.chatPath("us-east5", "p", "claude-haiku-4-5@20251001", false))
        .isEqualTo("/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-haiku-4-5@20251001:rawPredict");
    assertThat(VertexPublisher.ANTHROPIC.chatPath("global", "p", "claude-haiku-4-5@20251001", true))
        .isEqualTo("/v1/projects/p/locations/global/publishers/anthropic/models/claude-haiku-4-5@20251001"
            + ":streamRawPredict");
    assertThat(VertexPublisher.GOOGLE.chatPath("us-central1", "p", "gemini-2.5-flash", false))
        .isEqualTo("/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent");
    assertThat(VertexPublisher.GOOGLE.chatPath("us-central1", "p", "gemini-2.5-flash", true))
        .isEqualTo("/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash"
            + ":streamGenerateContent?alt=sse");
  }

  @Test
  void modelsThatCannotBeAPathSegmentAreTheClientsError() {
    for (String model : new String[] {"", ".", ".."}) {
      assertThatThrownBy(() -> VertexPublisher.GOOGLE.chatPath("us-central1", "p", model, false))
          .isInstanceOfSatisfying(AiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo("model");
          });
    }
  }
}
