package io.switchboard.ai.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.JsonBodyScanner;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.node.ObjectNode;

/** One estimate per request in every dialect, equal to the canonical request's where the translator takes it. */
final class PromptTokensTest {

  private static final AiRequestReader READER = new AiRequestReader(1 << 20, new JsonBodyScanner(64));
  private static final String TEXT = "Tokenizers differ: naïve café 東京 🙂 1234567890, and so do prompts.";

  private static MockServerWebExchange exchange(String path, String body) {
    return MockServerWebExchange.from(MockServerHttpRequest.post(path).contentType(MediaType.APPLICATION_JSON)
        .body(body));
  }

  private static long estimate(String path, String body) {
    return PromptTokens.estimate(READER.read(exchange(path, body)).block());
  }

  /** The canonical request with a system and a user message. */
  private static long canonical(String model) {
    ObjectNode chat = Json.object().put("model", model);
    chat.putArray("messages").add(Json.object().put("role", "system").put("content", "Be brief."))
        .add(Json.object().put("role", "user").put("content", TEXT));
    return TokenEstimator.estimatePromptTokens(chat);
  }

  @Test
  void openAiChatIsTheEstimatorsOwnRecipe() {
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"" + TEXT + "\"}]}";
    assertThat(estimate("/v1/chat/completions", body)).isEqualTo(canonical("gpt-4o")).isGreaterThan(20);
  }

  @Test
  void otherDialectsAreEstimatedAsTheirCanonicalTranslation() {
    assertThat(estimate("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
        + "\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"" + TEXT + "\"}]}"))
        .isEqualTo(canonical("claude-sonnet-4-5"));
    assertThat(estimate("/v1/messages/count_tokens", "{\"model\":\"claude-sonnet-4-5\",\"system\":\"Be brief.\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + TEXT + "\"}]}"))
        .isEqualTo(canonical("claude-sonnet-4-5"));
    String gemini = "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},"
        + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + TEXT + "\"}]}]}";
    assertThat(estimate("/v1beta/models/gemini-2.5-pro:generateContent", gemini))
        .isEqualTo(canonical("gemini-2.5-pro"));
    assertThat(estimate("/v1beta/models/gemini-2.5-pro:countTokens", "{\"generateContentRequest\":" + gemini + "}"))
        .isEqualTo(canonical("gemini-2.5-pro"));
    assertThat(estimate("/v1/responses", "{\"model\":\"gpt-4o\",\"instructions\":\"Be brief.\",\"input\":\""
        + TEXT + "\"}")).isBetween(canonical("gpt-4o") - 1, canonical("gpt-4o") + 1);
  }

  @Test
  void requestsTheTranslatorRefusesAreCountedAsTheirText() {
    // An Anthropic server tool: refused by the translator, yet served by the same-dialect fast path.
    String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"tools\":[{\"type\":\"web_search_20250305\","
        + "\"name\":\"web_search\"}],\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\""
        + TEXT + "\"},{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\""
        + "QUFBQQ==".repeat(2000) + "\"}}]}]}";
    long tokens = estimate("/v1/messages", body);
    long text = TokenEstimator.countO200k(TEXT);
    assertThat(tokens).isGreaterThan(text).isLessThan(text + 60); // the base64 image is not counted as text
  }

  @Test
  void embeddingsCountTheirInputs() {
    long one = TokenEstimator.countCl100k(TEXT);
    assertThat(estimate("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"" + TEXT + "\"}"))
        .isBetween(one, one + 10);
    assertThat(estimate("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"" + TEXT + "\",\""
        + TEXT + "\"],\"encoding_format\":\"float\"}")).isBetween(2 * one, 2 * one + 10);
    assertThat(estimate("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[[1,2,3],[4,5]]}"))
        .isBetween(5L, 15L);
    long gemini = estimate("/v1beta/models/gemini-embedding-001:batchEmbedContents", "{\"requests\":["
        + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"" + TEXT + "\"}]}}]}");
    assertThat(gemini).isBetween((long) TokenEstimator.countO200k(TEXT), TokenEstimator.countO200k(TEXT) + 10L);
  }

  @Test
  void unreadableRequestsAreUnknown() {
    assertThat(estimate("/v1/chat/completions", "{\"model\":")).isEqualTo(PromptTokens.UNKNOWN);
    assertThat(estimate("/v1/chat/completions", "")).isEqualTo(PromptTokens.UNKNOWN);
    assertThat(estimate("/v2/other", "{\"model\":\"gpt-4o\"}")).isEqualTo(PromptTokens.UNKNOWN);
  }

  @Test
  void oddShapesAreEstimatedNotFailed() {
    for (String body : new String[] {"{\"messages\":{\"role\":\"user\"}}", "{\"messages\":[7,null,{\"name\":{}}]}",
        "{\"messages\":[{\"content\":[{\"type\":7},null,[]],\"tool_calls\":\"x\"}],\"tools\":{}}"}) {
      assertThat(estimate("/v1/chat/completions", body)).as(body).isNotNegative();
    }
    assertThat(estimate("/v1/messages", "{\"messages\":\"hi\"}")).isNotNegative();
    assertThat(estimate("/v1beta/models/g:generateContent", "{\"contents\":7}")).isNotNegative();
    assertThat(estimate("/v1/responses", "{\"input\":{\"a\":[1]}}")).isNotNegative();
  }

  @Test
  void longBodiesAreEstimatedOffTheCallingThread() {
    String small = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + TEXT + "\"}]}";
    String large = small.replace(TEXT, TEXT.repeat(PromptTokens.OFFLOAD_BYTES / TEXT.length() + 1));
    for (String body : new String[] {small, large}) {
      MockServerWebExchange exchange = exchange("/v1/chat/completions", body);
      AiRequest request = READER.read(exchange).block();
      String thread = PromptTokens.ofAsync(exchange, request).map(t -> Thread.currentThread().getName()).block();
      assertThat(thread).as("%s bytes", body.length())
          .matches(body == small ? "main|.*worker.*" : "boundedElastic.*");
      assertThat(exchange.<Long>getAttribute(PromptTokens.ATTRIBUTE)).isEqualTo(PromptTokens.estimate(request));
      // known estimates are answered at once
      assertThat(PromptTokens.ofAsync(exchange, request).map(t -> Thread.currentThread().getName()).block())
          .doesNotStartWith("boundedElastic");
    }
  }

  @Test
  void computedOncePerExchange() {
    MockServerWebExchange exchange = exchange("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");
    AiRequest request = READER.read(exchange).block();
    assertThat(PromptTokens.of(exchange, request)).isEqualTo(3);
    exchange.getAttributes().put(PromptTokens.ATTRIBUTE, 42L);
    assertThat(PromptTokens.of(exchange, request)).isEqualTo(42);
  }
}
