package io.switchboard.sample.it;

import io.switchboard.ai.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP side the ITs share: the client they build, how they address the gateway on its random port, the smallest
 * OpenAI chat body, and reading an OpenAI answer. Static helpers only; each IT keeps its own Spring annotations.
 */
final class ItHttp {

  private ItHttp() {
  }

  /** A client as the ITs use it: a fresh connection pool, 5 s to connect. */
  static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** {@code path} on the gateway listening on {@code port} of the loopback address. */
  static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** An OpenAI chat request for {@code model} with one user message, "hi"; streamed if {@code stream}. */
  static String chatBody(String model, boolean stream) {
    return "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  /** A JSON POST of {@code body} to {@code path} on the gateway, with a 20 s timeout (a builder, to add headers). */
  static HttpRequest.Builder post(int port, String path, String body) {
    return HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** The message content of the first choice of an OpenAI chat answer. */
  static String content(HttpResponse<String> response) {
    return Json.MAPPER.readTree(response.body()).path("choices").path(0).path("message").path("content").asString();
  }

  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
