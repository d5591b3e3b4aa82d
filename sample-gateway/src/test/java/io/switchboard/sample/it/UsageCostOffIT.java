package io.switchboard.sample.it;

import static io.switchboard.sample.it.UsageCostIT.HI;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With {@code ai.cost.in-usage=false} answers come back as before: the cost is in the header only. */
@TestPropertySource(properties = "ai.cost.in-usage=false")
final class UsageCostOffIT extends GatewayIT {

  @Test
  void theCostStaysInTheHeader() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, UsageCostIT.COMPLETION));
    HttpResponse<String> plain = post("/v1/chat/completions", "{\"model\":\"gpt-4o\"," + HI + "}");
    assertThat(plain.body()).isEqualTo(UsageCostIT.COMPLETION);
    assertThat(plain.headers().firstValue("x-switchboard-cost-usd")).hasValue(UsageCostIT.GPT_4O_COST);
    assertThat(post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"Hi\"}").body()).doesNotContain("cost");

    upstream.on("/v1/chat/completions", FakeUpstream.sse(UsageCostIT.openAiChunks(), Duration.ZERO));
    assertThat(stream("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true}," + HI + "}"))
        .extracting(TimedLine::data).anyMatch(d -> d.contains("\"usage\":{")).noneMatch(d -> d.contains("cost"));

    upstream.on("/v1/messages", FakeUpstream.sse(UsageCostIT.anthropicEvents(), Duration.ZERO));
    assertThat(post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":9,\"stream\":true," + HI + "}",
        "x-api-key", CLIENT_KEY).body()).isEqualTo(String.join("", UsageCostIT.anthropicEvents()));
  }
}
