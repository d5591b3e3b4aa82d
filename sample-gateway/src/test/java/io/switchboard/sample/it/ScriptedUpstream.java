package io.switchboard.sample.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A fake provider whose answers are scripted per path and per call: the n-th call to a path gets the n-th answer
 * (the last one repeats). Faults are answers too: resets, hangs, slow heads, cut or malformed streams. Records when
 * each call arrived, so tests can check who was called, how often, and with which waits.
 */
public final class ScriptedUpstream implements AutoCloseable {

  /** A scripted answer. */
  public interface Answer extends Function<HttpServerResponse, Publisher<Void>> {
  }

  /** One call: the path, when it arrived (ms since the script was reset), its body and headers (names lower case). */
  public record Call(String path, long atMillis, String body, Map<String, String> headers) {
    public Call(String path, long atMillis, String body) {
      this(path, atMillis, body, Map.of());
    }
  }

  private final DisposableServer server;
  private final Map<String, List<Answer>> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<String> cancelled = new CopyOnWriteArrayList<>();
  private volatile long epoch = System.nanoTime();

  public ScriptedUpstream() {
    // Its own event loops: closing a gateway context disposes Reactor Netty's global resources, and with them a
    // server running on them (multi-instance tests start and close gateways in one JVM).
    server = HttpServer.create().runOn(reactor.netty.resources.LoopResources.create("scripted-upstream", 2, true))
        .host("127.0.0.1").port(0).handle(this::handle).bindNow();
  }

  public int port() {
    return server.port();
  }

  public void reset() {
    scripts.clear();
    counts.clear();
    calls.clear();
    cancelled.clear();
    epoch = System.nanoTime();
  }

  /** The answers for successive calls to {@code path}; the last repeats. */
  public void script(String path, Answer... answers) {
    scripts.put(path, List.of(answers));
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Paths whose answer the gateway cancelled (closed the connection) before it was fully sent. */
  public List<String> cancelled() {
    return List.copyOf(cancelled);
  }

  public long count(String path) {
    return calls.stream().filter(c -> c.path().equals(path)).count();
  }

  private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    String path = request.path().startsWith("/") ? request.path() : "/" + request.path();
    return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
      Map<String, String> headers = new java.util.TreeMap<>();
      request.requestHeaders().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT),
          h.getValue()));
      calls.add(new Call(path, (System.nanoTime() - epoch) / 1_000_000, body, Map.copyOf(headers)));
      List<Answer> script = scripts.get(path);
      if (script == null) {
        return response.status(404).header("content-type", "application/json")
            .sendString(Mono.just("{\"error\":{\"message\":\"no answer scripted for " + path + "\"}}")).then();
      }
      int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
      return Mono.from(script.get(Math.min(n, script.size() - 1)).apply(response))
          .doOnCancel(() -> cancelled.add(path));
    });
  }

  // ---- answers ----------------------------------------------------------------------------------------------------

  public static Answer json(int status, String body, String... headers) {
    return response -> {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        response.header(headers[i], headers[i + 1]);
      }
      return response.status(status).header("content-type", "application/json").sendString(Mono.just(body)).then();
    };
  }

  /** An OpenAI chat completion saying {@code text}. */
  public static Answer ok(String text) {
    return json(200, completion(text));
  }

  public static String completion(String text) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{"
        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}}";
  }

  public static Answer error(int status, String code, String message, String... headers) {
    return json(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"error\",\"code\":\"" + code + "\"}}",
        headers);
  }

  /** Waits, then answers. */
  public static Answer delayed(Duration delay, Answer answer) {
    return response -> Mono.delay(delay).then(Mono.from(answer.apply(response)));
  }

  /** Closes the connection without answering: a reset before the response head. */
  public static Answer resetConnection() {
    return response -> {
      response.withConnection(c -> c.channel().close());
      return Mono.never();
    };
  }

  public static Answer hang() {
    return response -> Mono.never();
  }

  /** An OpenAI stream of the given pieces, {@code gap} apart, with usage and [DONE]. */
  public static Answer stream(Duration gap, String... pieces) {
    return response -> response.status(200).header("content-type", "text/event-stream")
        .sendString(Flux.fromIterable(chunks(pieces)).delayElements(gap), StandardCharsets.UTF_8).then();
  }

  /** Sends the events {@code gap} apart (each in its own read at the gateway), then ends the response. */
  public static Answer paced(Duration gap, List<String> events) {
    return response -> response.status(200).header("content-type", "text/event-stream")
        .sendString(Flux.fromIterable(events).delayElements(gap), StandardCharsets.UTF_8).then();
  }

  /** Sends {@code before} events, then {@code then}: a cut (connection closed), a stall (nothing more) … */
  public static Answer streamThen(List<String> events, String then) {
    return response -> {
      Flux<String> body = Flux.fromIterable(events);
      if (then.equals("stall")) {
        return response.status(200).header("content-type", "text/event-stream")
            .sendString(body.concatWith(Flux.never()), StandardCharsets.UTF_8).then();
      }
      return response.status(200).header("content-type", "text/event-stream")
          .sendString(body, StandardCharsets.UTF_8).then()
          .then(Mono.defer(() -> {
            response.withConnection(c -> c.channel().close());
            return Mono.<Void>never();
          }));
    };
  }

  public static List<String> chunks(String... pieces) {
    List<String> events = new java.util.ArrayList<>();
    for (String piece : pieces) {
      events.add("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}]}\n\n");
    }
    events.add("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    events.add("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,\"total_tokens\":13}}\n\n");
    events.add("data: [DONE]\n\n");
    return events;
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
