package io.switchboard.ai.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.JsonBodyScanner;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** Prompt → canonical text → chained block hashes, for every inbound dialect. */
final class PrefixAffinityHashTest {

  private static final String SYSTEM = "You are the support assistant of Example Corp. ".repeat(8);
  private static final String QUESTION = "How do I reset my password? I tried the link twice already.";

  private final AiRequestReader reader = new AiRequestReader(1 << 20, new JsonBodyScanner(64));
  private final PrefixAffinity affinity = new PrefixAffinity(new PrefixAffinitySettings(32, 2048, 1000, 16, 0.5,
      0.25, 1));

  @Test
  void aLaterTurnExtendsTheHashesOfTheEarlierOne() {
    BlockHashes first = openAi("[" + msg("system", SYSTEM) + "," + msg("user", QUESTION) + "]");
    BlockHashes second = openAi("[" + msg("system", SYSTEM) + "," + msg("user", QUESTION) + ","
        + msg("assistant", "Open settings, then security.") + "," + msg("user", "Thanks, that worked.") + "]");
    assertThat(first.size()).isGreaterThan(5);
    assertThat(second.size()).isGreaterThan(first.size());
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i)).isEqualTo(first.get(i));
    }
  }

  @Test
  void hashesChainSoAnEarlyDifferenceChangesEveryBlock() {
    BlockHashes a = openAi("[" + msg("system", SYSTEM) + "]");
    BlockHashes b = openAi("[" + msg("system", "Z" + SYSTEM.substring(1)) + "]");
    assertThat(a.size()).isEqualTo(b.size());
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i)).isNotEqualTo(b.get(i));
    }
  }

  @Test
  void theModelSeedsTheChain() {
    BlockHashes a = hash("/v1/chat/completions", "{\"model\":\"a\",\"messages\":[" + msg("system", SYSTEM) + "]}");
    BlockHashes b = hash("/v1/chat/completions", "{\"model\":\"b\",\"messages\":[" + msg("system", SYSTEM) + "]}");
    assertThat(a.get(0)).isNotEqualTo(b.get(0));
  }

  @Test
  void everyDialectGivesTheSameHashesForTheSameTextConversation() {
    BlockHashes openAi = openAi("[" + msg("system", SYSTEM) + "," + msg("user", QUESTION) + "]");
    BlockHashes developer = openAi("[" + msg("developer", SYSTEM) + ",{\"role\":\"user\",\"content\":[{\"type\":"
        + "\"text\",\"text\":\"" + QUESTION + "\"}]}]");
    BlockHashes anthropic = hash("/v1/messages", "{\"model\":\"m\",\"max_tokens\":10,\"system\":[{\"type\":\"text\","
        + "\"text\":\"" + SYSTEM + "\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":["
        + msg("user", QUESTION) + "]}");
    BlockHashes gemini = hash("/v1beta/models/m:generateContent", "{\"systemInstruction\":{\"parts\":[{\"text\":\""
        + SYSTEM + "\"}]},\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + QUESTION + "\"}]}]}");
    BlockHashes responses = hash("/v1/responses", "{\"model\":\"m\",\"instructions\":\"" + SYSTEM
        + "\",\"input\":\"" + QUESTION + "\"}");
    assertThat(openAi.size()).isGreaterThan(0);
    assertThat(developer).isEqualTo(openAi);
    assertThat(anthropic).isEqualTo(openAi);
    assertThat(gemini).isEqualTo(openAi);
    assertThat(responses).isEqualTo(openAi);
  }

  @Test
  void toolCallsAndToolsArePartOfThePrompt() {
    String base = msg("system", SYSTEM) + "," + msg("user", QUESTION);
    BlockHashes plain = openAi("[" + base + "]");
    BlockHashes withTools = hash("/v1/chat/completions", "{\"model\":\"m\",\"tools\":[{\"type\":\"function\","
        + "\"function\":{\"name\":\"reset_password\",\"parameters\":{}}}],\"messages\":[" + base + "]}");
    assertThat(withTools.get(0)).isNotEqualTo(plain.get(0));
    BlockHashes call1 = openAi("[" + base + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]}" + ","
        + msg("user", SYSTEM) + "]");
    BlockHashes call2 = openAi("[" + base + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"a\\\":1}\"}}]}" + ","
        + msg("user", SYSTEM) + "]");
    assertThat(call1.get(call1.size() - 1)).isNotEqualTo(call2.get(call2.size() - 1));
  }

  @Test
  void requestsWithoutAPromptHaveNoBlocks() {
    assertThat(hash("/v1/embeddings", "{\"model\":\"m\",\"input\":\"" + SYSTEM + "\"}")).isEqualTo(BlockHashes.NONE);
    assertThat(hash("/v1/chat/completions", "not json " + SYSTEM)).isEqualTo(BlockHashes.NONE);
    assertThat(openAi("[" + msg("user", "short") + "]")).isEqualTo(BlockHashes.NONE);
    assertThat(hash("/v1/chat/completions", "{\"model\":\"m\",\"messages\":\"" + SYSTEM + "\"}"))
        .isEqualTo(BlockHashes.NONE);
  }

  @Test
  void longPromptsAreCutAtMaxBlocks() {
    PrefixAffinity small = new PrefixAffinity(new PrefixAffinitySettings(32, 4, 1000, 16, 0.5, 0.25, 1));
    assertThat(small.hash(read("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[" + msg("system", SYSTEM)
        + "]}")).size()).isEqualTo(4);
  }

  @Test
  void hashingLeavesTheBodyTreeUntouched() {
    AiRequest request = read("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[" + msg("system", SYSTEM)
        + "]}");
    String before = request.tree().toString();
    affinity.hash(request);
    assertThat(request.tree().toString()).isEqualTo(before);
  }

  private BlockHashes openAi(String messages) {
    return hash("/v1/chat/completions", "{\"model\":\"m\",\"messages\":" + messages + "}");
  }

  private BlockHashes hash(String path, String body) {
    return affinity.hash(read(path, body));
  }

  private AiRequest read(String path, String body) {
    return reader.read(MockServerWebExchange.from(MockServerHttpRequest.post(path).body(body))).block();
  }

  private static String msg(String role, String content) {
    return "{\"role\":\"" + role + "\",\"content\":\"" + content + "\"}";
  }
}
