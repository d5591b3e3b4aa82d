package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sample.SampleGatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One keep-alive connection carrying proxied answers (completed on the upstream client's event loop) interleaved
 * with early 401s (sent before the request body is read). Reactor Netty 1.3.6 lost the read on such a connection
 * now and then, so the next request hung until the client gave up (reactor-netty#4361, fixed in 1.3.8, which the
 * build pins): every request here must be answered.
 */
@SpringBootTest(classes = SampleGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/keys/keys-it.yml")
class KeepAliveIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final String BODY = "{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @AfterAll
  static void close() {
    upstream.close();
  }

  @Test
  void everyRequestOnAKeepAliveConnectionIsAnswered() throws Exception {
    upstream.script("/v1/chat/completions", ScriptedUpstream.ok("hello"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    List<String> unanswered = new ArrayList<>();
    int answered = 0;
    for (int i = 0; i < 200 && unanswered.size() < 3; i++) {
      for (String key : new String[] {"static-legacy-client-key-0001", "wrong-key", "static-legacy-client-key-0001"}) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(3)).header("content-type", "application/json").header("x-api-key", key)
            .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        try {
          int status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
          assertThat(status).isEqualTo(key.startsWith("wrong") ? 401 : 200);
          answered++;
        } catch (HttpTimeoutException e) {
          unanswered.add("round " + i + " key " + key);
        }
      }
    }
    assertThat(unanswered).as("requests left unanswered on a kept-alive connection").isEmpty();
    assertThat(answered).isEqualTo(600);
  }
}
