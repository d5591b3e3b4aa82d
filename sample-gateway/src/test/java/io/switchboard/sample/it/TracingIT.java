package io.switchboard.sample.it;

import static io.switchboard.sample.it.ScriptedUpstream.delayed;
import static io.switchboard.sample.it.ScriptedUpstream.error;
import static io.switchboard.sample.it.ScriptedUpstream.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.sample.SampleGatewayApplication;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tracing through the real gateway with an in-process OpenTelemetry SDK (a bean, as an application would configure
 * it): the server span carries the GenAI attributes, every upstream attempt is a CLIENT child span, and the
 * upstream receives the attempt's W3C {@code traceparent}, in the client's trace when it sent one.
 */
@SpringBootTest(classes = {SampleGatewayApplication.class, TracingIT.Otel.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/failover/failover-it.yml")
class TracingIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  static final HttpClient http = ItHttp.client();
  static final String A = "/a/v1/chat/completions";
  static final String B = "/b/v1/chat/completions";
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CLIENT_SPAN = "00f067aa0ba902b7";

  @TestConfiguration(proxyBeanMethods = false)
  static class Otel {
    @Bean
    OpenTelemetry openTelemetry() {
      return OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  TargetRegistry targets;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @BeforeEach
  void fresh() {
    upstream.reset();
    targets.reset(null);
    spans.reset();
  }

  @Test
  void failoverMakesOneClientSpanPerAttemptUnderTheServerSpanInTheClientsTrace() throws Exception {
    upstream.script(A, error(500, "server_error", "boom"));
    upstream.script(B, ok("from b"));
    HttpResponse<String> response = chat("fo-priority", "00-" + TRACE + "-" + CLIENT_SPAN + "-01");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    List<SpanData> all = await(3);
    SpanData server = only(all, SpanKind.SERVER);
    assertThat(server.getTraceId()).isEqualTo(TRACE);
    assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("fo-priority");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")))
        .isEqualTo("openai-compatible");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("p-b");
    assertThat(server.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(10L);
    assertThat(server.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(2L);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("switchboard.route.id"))).isEqualTo("priority");
    assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);

    List<SpanData> attempts = clients(all);
    assertThat(attempts).extracting(SpanData::getName).containsExactly("chat p-a", "chat p-b");
    for (SpanData attempt : attempts) {
      assertThat(attempt.getTraceId()).isEqualTo(TRACE);
      assertThat(attempt.getParentSpanId()).isEqualTo(server.getSpanId());
      assertThat(attempt.getAttributes().get(AttributeKey.booleanKey("switchboard.attempt.hedge"))).isFalse();
    }
    SpanData failed = attempts.get(0);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("server-error");
    assertThat(failed.getAttributes().get(AttributeKey.stringKey("switchboard.provider.id"))).isEqualTo("a");
    SpanData served = attempts.get(1);
    assertThat(served.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
    assertThat(served.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("p-b");
    assertThat(served.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("p-b");
    assertThat(served.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(10L);
    assertThat(served.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(2L);

    // Each upstream call carried its own attempt's context, in the client's trace.
    List<ScriptedUpstream.Call> calls = upstream.calls();
    assertThat(calls).extracting(ScriptedUpstream.Call::path).containsExactly(A, B);
    assertThat(calls.get(0).headers().get("traceparent")).startsWith("00-" + TRACE + "-" + failed.getSpanId() + "-");
    assertThat(calls.get(1).headers().get("traceparent")).startsWith("00-" + TRACE + "-" + served.getSpanId() + "-");

    // Nothing secret or private in any attribute.
    for (SpanData span : all) {
      assertThat(span.getAttributes().toString()).doesNotContain("key-a-secret", "key-b-secret", "hi", "from b");
    }
  }

  @Test
  void withoutAClientContextTheGatewayStartsTheTraceAndPropagatesIt() throws Exception {
    upstream.script(A, ok("from a"));
    assertThat(chat("fo-priority", null).statusCode()).isEqualTo(200);
    List<SpanData> all = await(2);
    SpanData server = only(all, SpanKind.SERVER);
    assertThat(server.getParentSpanContext().isValid()).isFalse();
    SpanData attempt = only(all, SpanKind.CLIENT);
    String sent = upstream.calls().get(0).headers().get("traceparent");
    assertThat(sent).startsWith("00-" + server.getTraceId() + "-" + attempt.getSpanId() + "-");
  }

  @Test
  void aHedgeIsItsOwnSpanAndTheLoserIsCancelled() throws Exception {
    upstream.script(A, delayed(Duration.ofMillis(800), ok("slow a")));
    upstream.script(B, ok("fast b"));
    // The hedge budget is a share of the route's requests: the first few go unhedged.
    boolean hedged = false;
    for (int i = 0; i < 12 && !hedged; i++) {
      HttpResponse<String> response = chat("fo-hedge", null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      hedged = response.headers().firstValue("x-switchboard-hedge").isPresent();
    }
    assertThat(hedged).isTrue();
    Thread.sleep(1000); // the loser's span ends when it is cancelled, the server span after the answer
    List<SpanData> all = spans.getFinishedSpanItems();
    SpanData hedge = all.stream().filter(s -> Boolean.TRUE.equals(
        s.getAttributes().get(AttributeKey.booleanKey("switchboard.attempt.hedge")))).findFirst().orElseThrow();
    List<SpanData> trace = all.stream().filter(s -> s.getTraceId().equals(hedge.getTraceId())).toList();
    assertThat(trace).hasSize(3);
    List<SpanData> attempts = clients(trace);
    SpanData primary = attempts.get(0);
    assertThat(primary.getName()).isEqualTo("chat gpt-4o-mini");
    assertThat(primary.getAttributes().get(AttributeKey.booleanKey("switchboard.attempt.hedge"))).isFalse();
    assertThat(primary.getAttributes().get(AttributeKey.stringKey("switchboard.attempt.outcome")))
        .isEqualTo("cancelled");
    assertThat(primary.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    assertThat(hedge.getName()).isEqualTo("chat gpt-4.1-mini");
    assertThat(hedge.getAttributes().get(AttributeKey.stringKey("switchboard.attempt.outcome"))).isEqualTo("ok");
    assertThat(hedge.getParentSpanId()).isEqualTo(primary.getParentSpanId());
  }

  private HttpResponse<String> chat(String model, String traceparent) throws Exception {
    HttpRequest.Builder request = ItHttp.post(port, "/v1/chat/completions", ItHttp.chatBody(model, false));
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The finished spans once there are {@code n} (the server span ends after the answer was sent). */
  private static List<SpanData> await(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (spans.getFinishedSpanItems().size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(100); // nothing more should come
    List<SpanData> all = spans.getFinishedSpanItems();
    assertThat(all).as(all.toString()).hasSize(n);
    return all;
  }

  private static SpanData only(List<SpanData> all, SpanKind kind) {
    List<SpanData> of = all.stream().filter(s -> s.getKind() == kind).toList();
    assertThat(of).hasSize(1);
    return of.get(0);
  }

  private static List<SpanData> clients(List<SpanData> all) {
    return all.stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
  }
}
