package io.switchboard.sample.it;

import static io.switchboard.sample.it.ScriptedUpstream.delayed;
import static io.switchboard.sample.it.ScriptedUpstream.error;
import static io.switchboard.sample.it.ScriptedUpstream.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.sample.SampleGatewayApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every injected fault before the first byte, on a route whose second target is healthy: the client gets a
 * complete answer from the healthy target, never an error; the attempts are exactly the failed one then the good
 * one, each with its error class; and the total time stays within the policy (an immediate failure costs no wait,
 * a timeout costs the timeout). See {@code failover/fault-matrix-it.yml}.
 */
@SpringBootTest(classes = {SampleGatewayApplication.class, UsageProbe.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/failover/fault-matrix-it.yml")
class FaultMatrixIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final Blackhole blackhole = new Blackhole();
  static final HttpClient http = ItHttp.client();
  static final String A = "/a/v1/chat/completions";
  static final String B = "/b/v1/chat/completions";
  /** Anything that fails at once may still take this long on a loaded 2-core machine. */
  static final long PROMPTLY = 1500;

  @LocalServerPort
  int port;

  @Autowired
  TargetRegistry targets;

  @DynamicPropertySource
  static void ports(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
    registry.add("blackhole.port", blackhole::port);
  }

  @BeforeEach
  void fresh() {
    upstream.reset();
    targets.reset(null);
    UsageProbe.calls.clear();
  }

  @AfterAll
  static void close() {
    blackhole.close();
  }

  /** A fault, the route it is injected on, the class it must be given, and the time the request may take. */
  record Fault(String name, String model, String failing, ScriptedUpstream.Answer answer, boolean stream,
      String outcome, long minMillis, long maxMillis) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> faults() {
    String a = "a/m-a";
    return Stream.of(
        new Fault("429 with Retry-After", "fm", a, error(429, "rate_limit_exceeded", "slow down", "retry-after", "5"),
            false, "rate-limited", 0, PROMPTLY),
        new Fault("429 without Retry-After", "fm", a, error(429, "rate_limit_exceeded", "slow down"), false,
            "rate-limited", 0, PROMPTLY),
        new Fault("500", "fm", a, error(500, "server_error", "boom"), false, "server-error", 0, PROMPTLY),
        new Fault("503", "fm", a, error(503, "overloaded", "busy"), false, "overloaded", 0, PROMPTLY),
        new Fault("529", "fm", a, error(529, "overloaded_error", "Overloaded"), false, "overloaded", 0, PROMPTLY),
        new Fault("reset before headers", "fm", a, ScriptedUpstream.resetConnection(), false, "connection", 0,
            PROMPTLY),
        new Fault("connection refused", "fm-refused", "refused/m-refused", null, false, "connection", 0, PROMPTLY),
        new Fault("connect timeout 300ms", "fm-connect", "blackhole/m-blackhole", null, false, "timeout", 280,
            300 + PROMPTLY),
        new Fault("slow first token (head after 3s; first-token 800ms)", "fm", a,
            delayed(Duration.ofSeconds(3), ok("late")), false, "timeout", 780, 800 + PROMPTLY),
        new Fault("stream: head, then no event (first-token 800ms)", "fm", a,
            ScriptedUpstream.streamThen(List.of(), "stall"), true, "timeout", 780, 800 + PROMPTLY),
        new Fault("stream: cut before the first event", "fm", a, ScriptedUpstream.streamThen(List.of(), "cut"), true,
            "connection", 0, PROMPTLY),
        new Fault("stream: malformed first event", "fm", a,
            ScriptedUpstream.streamThen(List.of("data: {\"choices\":[{\"delta\":{\"content\":\"tru\n\n"), "cut"),
            true, "server-error", 0, PROMPTLY),
        new Fault("stream: error event first", "fm", a, ScriptedUpstream.streamThen(List.of(
            "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n"), "cut"), true,
            "server-error", 0, PROMPTLY))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void theHealthyTargetAnswersWithinThePolicy(Fault fault) throws Exception {
    if (fault.answer() != null) {
      upstream.script(A, fault.answer());
    }
    upstream.script(B, fault.stream() ? ScriptedUpstream.stream(Duration.ofMillis(5), "from", " b") : ok("from b"));
    String id = "fm-" + fault.name().hashCode();
    long start = System.nanoTime();
    HttpResponse<String> response = send(fault.model(), fault.stream(), id);
    long took = (System.nanoTime() - start) / 1_000_000;

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    if (fault.stream()) {
      assertThat(response.body()).contains("\"content\":\"from\"").contains("\"content\":\" b\"")
          .endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
    } else {
      assertThat(response.body()).contains("\"content\":\"from b\"");
    }
    assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("b");
    assertThat(response.headers().firstValue("x-switchboard-attempts").orElseThrow())
        .startsWith(fault.failing() + ";outcome=" + fault.outcome()).contains("b/m-b;outcome=ok;status=200")
        .doesNotContain("key-").doesNotContain("127.0.0.1");
    assertThat(UsageProbe.completed(id).attempts()).extracting(AiCall.Attempt::target, AiCall.Attempt::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(fault.failing(), fault.outcome()),
            org.assertj.core.groups.Tuple.tuple("b/m-b", "ok"));
    assertThat(upstream.count(A)).isEqualTo(fault.model().equals("fm") ? 1 : 0);
    assertThat(upstream.count(B)).isEqualTo(1);
    assertThat(took).as("total time").isBetween(fault.minMillis(), fault.maxMillis());
  }

  @Test
  void aTargetsOwnTotalTimeoutFailsItOverBeforeOutput() throws Exception {
    upstream.script(A, delayed(Duration.ofSeconds(3), ok("late")));
    upstream.script(B, ok("from b"));
    long start = System.nanoTime();
    HttpResponse<String> response = send("fm-target-total", false, "tt0");
    long took = (System.nanoTime() - start) / 1_000_000;
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("from b");
    assertThat(UsageProbe.completed("tt0").attempts()).extracting(AiCall.Attempt::outcome)
        .containsExactly("timeout", "ok");
    assertThat(took).as("a's total is 1s; the route's first-token timeout is 5s").isBetween(950L, 1000 + PROMPTLY);
  }

  @Test
  void aTargetsOwnTotalTimeoutEndsItsStreamWithAnErrorEvent() throws Exception {
    String[] pieces = new String[20];
    java.util.Arrays.fill(pieces, "x");
    upstream.script(A, ScriptedUpstream.stream(Duration.ofMillis(150), pieces));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "never"));
    long start = System.nanoTime();
    HttpResponse<String> response = send("fm-target-total", true, "tt1");
    long took = (System.nanoTime() - start) / 1_000_000;
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"content\":\"x\"").contains("exceeded the target's total timeout")
        .doesNotContain("[DONE]");
    assertThat(upstream.count(B)).as("output had started: no second answer").isZero();
    assertThat(UsageProbe.completed("tt1").outcome()).isEqualTo(AiCall.Outcome.UPSTREAM_ERROR);
    assertThat(took).isBetween(950L, 1000 + PROMPTLY);
  }

  @Test
  void aTargetAtItsMaxConcurrencyIsPassedOver() throws Exception {
    upstream.script(A, delayed(Duration.ofMillis(800), ok("from a")));
    upstream.script(B, ok("from b"));
    CompletableFuture<HttpResponse<String>> first = sendAsync("fm-concurrency");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (upstream.count(A) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5); // a holds one request now
    }
    HttpResponse<String> second = sendAsync("fm-concurrency").get();
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).contains("from b");
    assertThat(second.headers().firstValue("x-switchboard-attempts")).as("b was the first choice, not a failover")
        .isEmpty();
    assertThat(first.get().body()).contains("from a");
    assertThat(upstream.count(A)).isEqualTo(1);
    assertThat(sendAsync("fm-concurrency").get().body()).as("a is free again").contains("from a");
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private HttpRequest request(String model, boolean stream, String id) {
    return ItHttp.post(port, "/v1/chat/completions", ItHttp.chatBody(model, stream)).header(UsageProbe.HEADER, id)
        .build();
  }

  private HttpResponse<String> send(String model, boolean stream, String id) throws IOException,
      InterruptedException {
    return http.send(request(model, stream, id), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String model) {
    return http.sendAsync(request(model, false, "c" + System.nanoTime()), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A TCP port that never completes a connection: a listening socket with a backlog of one whose queue is filled
   * and never accepted, so the kernel drops further SYNs and connecting to it times out.
   */
  static final class Blackhole implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();

    Blackhole() {
      try {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 8; i++) {
          Socket s = new Socket();
          try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
            held.add(s);
          } catch (IOException full) {
            s.close();
            return; // the queue is full
          }
        }
        throw new IllegalStateException("the listen queue never filled up");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() {
      try {
        for (Socket s : held) {
          s.close();
        }
        server.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
