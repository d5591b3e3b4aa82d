package io.switchboard.ai.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class VertexPathsTest {

  @Test
  void baseUrls() {
    assertThat(VertexPaths.baseUrl("us-central1")).isEqualTo("https://us-central1-aiplatform.googleapis.com");
    assertThat(VertexPaths.baseUrl("europe-west4")).isEqualTo("https://europe-west4-aiplatform.googleapis.com");
    assertThat(VertexPaths.baseUrl("global")).isEqualTo("https://aiplatform.googleapis.com");
  }

  @Test
  void refusesRegionsThatAreNotHostLabels() {
    for (String region : new String[] {"", "US-central1", "evil.com/x", "a b", "-us", "us-", "x@y"}) {
      assertThatThrownBy(() -> VertexPaths.baseUrl(region)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> VertexPaths.gemini(region, "p", "m", false))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void geminiPaths() {
    assertThat(VertexPaths.gemini("us-central1", "my-project", "gemini-2.0-flash", false))
        .isEqualTo("/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.0-flash"
            + ":generateContent");
    assertThat(VertexPaths.gemini("global", "my-project", "gemini-2.0-flash", true))
        .isEqualTo("/v1/projects/my-project/locations/global/publishers/google/models/gemini-2.0-flash"
            + ":streamGenerateContent?alt=sse");
  }

  @Test
  void anthropicPaths() {
    assertThat(VertexPaths.anthropic("us-east5", "my-project", "claude-3-5-sonnet-v2@20241022", false))
        .isEqualTo("/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/"
            + "claude-3-5-sonnet-v2@20241022:rawPredict");
    assertThat(VertexPaths.anthropic("us-east5", "my-project", "claude-3-5-sonnet-v2@20241022", true))
        .isEqualTo("/v1/projects/my-project/locations/us-east5/publishers/anthropic/models/"
            + "claude-3-5-sonnet-v2@20241022:streamRawPredict");
  }

  @Test
  void encodesSegments() {
    assertThat(VertexPaths.gemini("us-central1", "a/b", "m:x?y#z é", false))
        .isEqualTo("/v1/projects/a%2Fb/locations/us-central1/publishers/google/models/m%3Ax%3Fy%23z%20%C3%A9"
            + ":generateContent");
  }

  @Test
  void refusesEmptyAndDotSegments() {
    for (String bad : new String[] {"", ".", ".."}) {
      assertThatThrownBy(() -> VertexPaths.gemini("us-central1", bad, "m", false))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("project");
      assertThatThrownBy(() -> VertexPaths.anthropic("us-central1", "p", bad, false))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
    }
  }
}
