package io.switchboard.ai.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

final class TokenEstimatorTest {

  private static ObjectNode request(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  @Test
  void knownStrings() {
    assertThat(TokenEstimator.countO200k("Hello, world!")).isEqualTo(4);
    assertThat(TokenEstimator.countCl100k("Hello, world!")).isEqualTo(4);
    assertThat(TokenEstimator.countO200k("")).isZero();
  }

  @Test
  void openAiMessageOverhead() {
    // 3 per message + "user" (1) + "Hello, world!" (4) + 3 reply priming
    ObjectNode req = request("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}");
    assertThat(TokenEstimator.estimatePromptTokens(req)).isEqualTo(11);
    ObjectNode two = request("{\"model\":\"gpt-5-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Hello, world!\"},"
        + "{\"role\":\"user\",\"content\":\"Hello, world!\",\"name\":\"bob\"}]}");
    // (3 + 1 + 4) + (3 + 1 + 4 + "bob" + 1) + 3
    long bob = TokenEstimator.countO200k("bob");
    assertThat(TokenEstimator.estimatePromptTokens(two)).isEqualTo(20 + bob);
  }

  @Test
  void olderModelsUseCl100k() {
    String text = "Tokenizers differ: ÄÖÜ naïve café 東京 🙂 1234567890";
    assertThat(TokenEstimator.countO200k(text)).isNotEqualTo(TokenEstimator.countCl100k(text));
    ObjectNode gpt4 = request("{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
    assertThat(TokenEstimator.estimatePromptTokens(gpt4)).isEqualTo(7 + TokenEstimator.countCl100k(text));
    ObjectNode o3 = request("{\"model\":\"o3\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
    assertThat(TokenEstimator.estimatePromptTokens(o3)).isEqualTo(7 + TokenEstimator.countO200k(text));
  }

  @Test
  void contentPartsAndImages() {
    ObjectNode req = request("{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"text\",\"text\":\"Hello, world!\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}");
    assertThat(TokenEstimator.estimatePromptTokens(req)).isEqualTo(11 + TokenEstimator.IMAGE_TOKENS);
  }

  @Test
  void toolsAndToolCallsAreCounted() {
    ObjectNode plain = request("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}");
    ObjectNode withTools = plain.deepCopy();
    withTools.set("tools", Json.MAPPER.readTree(
        "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]"));
    assertThat(TokenEstimator.estimatePromptTokens(withTools)).isGreaterThan(TokenEstimator.estimatePromptTokens(plain));
  }

  @Test
  void anthropicIsAnApproximationScaledUp() {
    // ceil(11 x 1.1) = 13
    ObjectNode req = request(
        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}");
    assertThat(TokenEstimator.estimatePromptTokens(req)).isEqualTo(13);
    ObjectNode bedrock = request("{\"model\":\"anthropic.claude-haiku-4-5-20251001-v1:0\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}");
    assertThat(TokenEstimator.estimatePromptTokens(bedrock, "bedrock")).isEqualTo(13);
  }

  @Test
  void otherModelsUseTheO200kCount() {
    ObjectNode req = request(
        "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}");
    assertThat(TokenEstimator.estimatePromptTokens(req, "gemini")).isEqualTo(11);
    assertThat(TokenEstimator.estimatePromptTokens(request("{\"messages\":[]}"))).isEqualTo(3);
  }
}
