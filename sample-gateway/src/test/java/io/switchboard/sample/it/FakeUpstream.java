package io.switchboard.sample.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A small provider server on loopback speaking whatever wire format a test scripts: JSON, event streams with delays
 * between events, error statuses, connections cut in the middle of a stream, answers that never come. Records each
 * request (method, path, headers, body) and notices when a client goes away mid-response.
 */
final class FakeUpstream implements AutoCloseable {

  /** One recorded request. */
  record Recorded(String method, String path, Map<String, String> headers, String body) {
  }

  /** A scripted answer. */
  interface Answer extends Function<HttpServerResponse, Publisher<Void>> {
  }

  private final DisposableServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();
  final List<String> cancelledPaths = new CopyOnWriteArrayList<>();
  volatile CountDownLatch cancelled = new CountDownLatch(1);

  FakeUpstream() {
    server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
  }

  int port() {
    return server.port();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Scripts the answer for a path (the path without query string). */
  void on(String path, Answer answer) {
    answers.put(path, answer);
  }

  void reset() {
    answers.clear();
    requests.clear();
    cancelledPaths.clear();
    cancelled = new CountDownLatch(1);
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  Recorded lastRequest() {
    return requests.stream().reduce((a, b) -> b).orElseThrow();
  }

  boolean awaitCancel(Duration timeout) throws InterruptedException {
    return cancelled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    String path = request.path().startsWith("/") ? request.path() : "/" + request.path();
    String fullPath = request.uri().contains("?") ? path + request.uri().substring(request.uri().indexOf('?'))
        : path;
    return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      request.requestHeaders().forEach(e -> headers.put(e.getKey(), e.getValue()));
      requests.add(new Recorded(request.method().name(), fullPath, headers, body));
      Answer answer = answers.get(path);
      if (answer == null) {
        return response.status(404).header("content-type", "application/json")
            .sendString(Mono.just("{\"error\":{\"message\":\"no answer scripted for " + path + "\"}}")).then();
      }
      return Mono.from(answer.apply(response)).doOnCancel(() -> {
        cancelledPaths.add(path);
        cancelled.countDown();
      });
    });
  }

  static Answer json(int status, String body) {
    return response -> response.status(status).header("content-type", "application/json")
        .sendString(Mono.just(body));
  }

  static Answer json(int status, String body, Map<String, String> headers) {
    return response -> {
      headers.forEach(response::header);
      return response.status(status).header("content-type", "application/json").sendString(Mono.just(body));
    };
  }

  /** An event stream: each element is one raw event (its text including the blank-line terminator). */
  static Answer sse(List<String> events, Duration gap) {
    return response -> response.status(200).header("content-type", "text/event-stream")
        .sendString(Flux.fromIterable(events).delayElements(gap), StandardCharsets.UTF_8);
  }

  /** An event stream whose connection is closed abruptly after the given events (no chunked terminator). */
  static Answer sseThenReset(List<String> events) {
    return response -> response.status(200).header("content-type", "text/event-stream")
        .sendString(Flux.fromIterable(events), StandardCharsets.UTF_8)
        .then()
        .then(Mono.defer(() -> {
          response.withConnection(c -> c.channel().close());
          return Mono.<Void>never();
        }));
  }

  /** An event stream that sends the given events and then nothing more, ever (for idle timeouts, cancels). */
  static Answer sseThenHang(List<String> events) {
    return response -> response.status(200).header("content-type", "text/event-stream")
        .sendString(Flux.fromIterable(events).concatWith(Flux.never()), StandardCharsets.UTF_8);
  }

  /** When the last {@link #largeSse} answer had handed its whole body to the transport (0 until then). */
  static volatile long largeStreamSentAt;

  /** A long event stream: {@code count} events of {@code size} bytes each, sent as fast as the client reads. */
  static Answer largeSse(int count, int size) {
    largeStreamSentAt = 0;
    String content = "x".repeat(size);
    String event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
        + "\"}}]}\n\n";
    return response -> response.status(200).header("content-type", "text/event-stream")
        .sendString(Flux.range(0, count).map(i -> event)
            .doOnComplete(() -> largeStreamSentAt = System.nanoTime()), StandardCharsets.UTF_8)
        .then();
  }

  /** A binary body (e.g. AWS event-stream frames), sent whole. */
  static Answer bytes(int status, String contentType, byte[] body) {
    return response -> response.status(status).header("content-type", contentType)
        .sendByteArray(Mono.just(body));
  }

  /** Never answers. */
  static Answer hang() {
    return response -> Mono.never();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
