package io.switchboard.sample.it;

import io.switchboard.sample.SampleGatewayApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: a real gateway on a random port, configured by {@code it/gateway-it.yml}, in front
 * of one {@link FakeUpstream} that plays every provider (Google's token endpoint included, with {@link FakeGoogle}'s
 * service account), on a clock tests may move forward ({@link TestClock}).
 */
@SpringBootTest(classes = {SampleGatewayApplication.class, UsageProbe.class, TestClock.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/it/gateway-it.yml")
abstract class GatewayIT {

  static final String CLIENT_KEY = "sk-client-1";
  static final FakeUpstream upstream = new FakeUpstream();

  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
    registry.add("vertex.credentials-file", FakeGoogle.KEY_FILE::toString);
  }

  @BeforeEach
  void resetUpstream() {
    upstream.reset();
    UsageProbe.calls.clear();
  }

  /** The AiCall of the exchange whose request carried {@code x-test-call: <id>}, once it completed. */
  static io.switchboard.ai.AiCall call(String id) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      io.switchboard.ai.AiCall call = UsageProbe.calls.get(id);
      if (call != null) {
        return call;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no AI call completed for " + id);
  }

  @AfterAll
  static void keepUpstream() {
    // One upstream for the whole JVM: Spring caches the context across test classes, and its port with it.
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return post(path, body, "Authorization", "Bearer " + CLIENT_KEY);
  }

  HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + CLIENT_KEY).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts and returns the SSE {@code data:} payloads with the time each line arrived (ms since the request). */
  List<TimedLine> stream(String path, String body) throws IOException, InterruptedException {
    return stream(path, body, "x-unrelated", "1");
  }

  List<TimedLine> stream(String path, String body, String... headers) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri(path)).headers(headers)
        .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
        .header("Authorization", "Bearer " + CLIENT_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
    List<TimedLine> lines = new ArrayList<>();
    try (Stream<String> body2 = response.body()) {
      body2.forEach(line -> {
        if (line.startsWith("data: ")) {
          lines.add(new TimedLine(line.substring(6), (System.nanoTime() - start) / 1_000_000));
        }
      });
    }
    if (response.statusCode() != 200) {
      throw new AssertionError("status " + response.statusCode() + ": " + lines);
    }
    return lines;
  }

  record TimedLine(String data, long atMillis) {
  }

  static String sseData(String json) {
    return "data: " + json + "\n\n";
  }
}
