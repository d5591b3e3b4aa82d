package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.request.Dialect;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartialOutputTest {

  private static PartialOutput of(String... events) {
    PartialOutput partial = new PartialOutput();
    for (String event : events) {
      partial.add(event.getBytes(StandardCharsets.UTF_8));
    }
    return partial;
  }

  @Test
  void openAiDeltasAndToolArgumentsAreJoined() {
    PartialOutput p = of("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
        "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n",
        "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"a\\\"\"}}]}}]}\n\n",
        "data: {\"choices\":[{\"delta\":{\"content\":\" trunc");
    assertThat(p.text(Dialect.OPENAI)).isEqualTo("Hello{\"a\"");
  }

  @Test
  void anthropicTextAndThinkingDeltas() {
    PartialOutput p = of("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"thinking_delta\",\"thinking\":\"hmm \"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":\"Bonjour\"}}\n\n");
    assertThat(p.text(Dialect.ANTHROPIC)).isEqualTo("hmm Bonjour");
  }

  @Test
  void geminiPartsAndResponsesDeltas() {
    assertThat(of("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Ciao\"},{\"text\":\"!\"}]}}]}\n\n")
        .text(Dialect.GEMINI)).isEqualTo("Ciao!");
    assertThat(of("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{}}\n\n",
        "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n")
        .text(Dialect.RESPONSES)).isEqualTo("Hi");
  }

  @Test
  void onlyTheFirst64KbAreKept() {
    PartialOutput p = new PartialOutput();
    String event = "data: {\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(1000) + "\"}}]}\n\n";
    for (int i = 0; i < 200; i++) {
      p.add(event.getBytes(StandardCharsets.UTF_8));
    }
    int length = p.text(Dialect.OPENAI).length();
    assertThat(length).isGreaterThan(50_000).isLessThan(PartialOutput.MAX_BYTES);
  }
}
