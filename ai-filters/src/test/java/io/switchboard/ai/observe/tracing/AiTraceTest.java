package io.switchboard.ai.observe.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

class AiTraceTest {

  static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void withoutTracingTheClientsContextIsForwardedUnchanged() {
    MockServerHttpRequest client = MockServerHttpRequest.post("/v1/chat/completions")
        .header("traceparent", PARENT).header("tracestate", "vendor=x").build();
    Map<String, String> headers = new LinkedHashMap<>();
    AiTrace.inject(Context.empty(), client, headers::put);
    assertThat(headers).containsExactly(Map.entry("traceparent", PARENT), Map.entry("tracestate", "vendor=x"));
  }

  @Test
  void malformedContextIsNotForwarded() {
    Map<String, String> headers = new LinkedHashMap<>();
    AiTrace.inject(Context.empty(), MockServerHttpRequest.post("/").header("traceparent", "evil\r\nx: y").build(),
        headers::put);
    AiTrace.inject(Context.empty(), MockServerHttpRequest.post("/").build(), headers::put);
    assertThat(headers).isEmpty();
  }

  @Test
  void withTheApiButNoSdkNorAgentTheFilterIsANoOpThatStillForwards() {
    AiTracingWebFilter filter = new AiTracingWebFilter(() -> null, true);
    MockServerWebExchange exchange = MockServerWebExchange.from(
        MockServerHttpRequest.post("/v1/chat/completions").header("traceparent", PARENT)
            .body("{\"model\":\"gpt-4o\",\"messages\":[]}"));
    io.switchboard.ai.request.AiRequest request = new io.switchboard.ai.request.AiRequestReader(1 << 20,
        new io.switchboard.ai.request.JsonBodyScanner(64)).read(exchange).block();
    io.switchboard.ai.provider.Provider provider = new io.switchboard.ai.provider.Provider("openai",
        io.switchboard.ai.provider.ProviderType.OPENAI, java.net.URI.create("http://127.0.0.1:1"), "sk-secret",
        Map.of(), java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5), java.util.List.of(), 4096,
        "2023-06-01", "2024-10-21", true, null, null, null, true);
    filter.filter(exchange, e -> Mono.empty()).block();
    AiTrace trace = AiTrace.of(exchange);
    assertThat(trace).isInstanceOf(OtelAiTrace.class);
    Map<String, String> headers = new LinkedHashMap<>();
    trace.routing(request, provider);
    AiTrace.Attempt attempt = trace.attempt(request, provider, "gpt-4o", false);
    attempt.inject(exchange.getRequest(), headers::put);
    attempt.end("ok");
    assertThat(headers).containsEntry("traceparent", PARENT);
  }
}
