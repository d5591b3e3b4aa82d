package io.switchboard.sample.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The benchmark's upstream: a fixed-answer OpenAI and Anthropic server on loopback, kept as cheap as possible so the
 * gateway, not this, is what a benchmark measures. Answers are prepared once; a request costs one small body read,
 * a byte search or two, and one write.
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions} (also under {@code /plain}): an OpenAI {@code chat.completion}, or with
 *       {@code "stream":true} an event stream of {@code chat.completion.chunk}s ending in {@code [DONE]}, with the
 *       usage chunk only when the body asks for it ({@code "include_usage":true}), as OpenAI does.</li>
 *   <li>{@code POST /v1/messages} (also under {@code /plain}): an Anthropic message, or its event stream.</li>
 *   <li>{@code GET /health}: 200, for start-up polling.</li>
 * </ul>
 *
 * <p>Streams are written one event per flush. The first flush holds everything up to and including the first text
 * token; when the model name in the body ends in {@code -ttfb} the rest follows {@code bench.fake.gapMs} later, so a
 * time-to-first-byte measurement sees the first event alone, as with a real model.
 *
 * <p>System properties: {@code bench.fake.port} (18480), {@code bench.fake.gapMs} (3), {@code bench.fake.maxSeconds}
 * (1200: the server stops by itself after that long). Run with {@code -Dreactor.netty.ioWorkerCount=1} to keep it to
 * one event loop.
 */
public final class FakeProvider {

  private static final byte[] OPENAI_JSON = bytes("""
      {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,\
      "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":\
      "Vienna, Munich and Zurich: each sits on fast lines with direct trains to several capitals, so day trips \
      are easy.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":\
      {"prompt_tokens":48,"completion_tokens":27,"total_tokens":75,"prompt_tokens_details":{"cached_tokens":0,\
      "audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,\
      "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default",\
      "system_fingerprint":"fp_06737a9306"}""");

  private static final byte[] ANTHROPIC_JSON = bytes("""
      {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001",\
      "content":[{"type":"text","text":"Vienna, Munich and Zurich: each sits on fast lines with direct trains to \
      several capitals, so day trips are easy."}],"stop_reason":"end_turn","stop_sequence":null,"usage":\
      {"input_tokens":48,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":27,\
      "service_tier":"standard"}}""");

  private static final String[] TOKENS = {"Vienna", ", Munich", " and Zurich", ": fast lines", " to several",
      " capitals."};

  /** OpenAI stream: [0] = first flush (role and first token), then the rest, without the usage chunk. */
  private static final List<byte[]> OPENAI_SSE = openAiEvents();
  private static final byte[] OPENAI_USAGE = bytes(openAiChunk("[]", "\"usage\":{\"prompt_tokens\":48,"
      + "\"completion_tokens\":27,\"total_tokens\":75}") + "\n\n");
  private static final byte[] OPENAI_DONE = bytes("data: [DONE]\n\n");
  private static final List<byte[]> ANTHROPIC_SSE = anthropicEvents();

  private static final byte[] STREAM_TRUE = bytes("\"stream\":true");
  private static final byte[] STREAM_TRUE_SPACED = bytes("\"stream\": true");
  private static final byte[] INCLUDE_USAGE = bytes("\"include_usage\":true");
  private static final byte[] TTFB_MODEL = bytes("-ttfb\"");

  private final long gapMs;

  private FakeProvider(long gapMs) {
    this.gapMs = gapMs;
  }

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.getInteger("bench.fake.port", 18480);
    long gapMs = Long.getLong("bench.fake.gapMs", 3);
    long maxSeconds = Long.getLong("bench.fake.maxSeconds", 1200);
    FakeProvider fake = new FakeProvider(gapMs);
    DisposableServer server = HttpServer.create()
        .host("127.0.0.1")
        .port(port)
        .handle(fake::handle)
        .bindNow();
    System.out.println("fake provider listening on 127.0.0.1:" + server.port() + " (stops by itself after "
        + maxSeconds + " s)");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    stop.await(maxSeconds, TimeUnit.SECONDS);
    server.disposeNow(Duration.ofSeconds(2));
    System.exit(0);
  }

  private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    String path = request.path(); // without the leading slash
    if (path.startsWith("plain/")) {
      path = path.substring("plain/".length());
    }
    switch (path) {
      case "health":
        return response.status(200).sendString(Mono.just("ok"));
      case "v1/chat/completions":
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
            .flatMap(body -> openAi(body, response));
      case "v1/messages":
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
            .flatMap(body -> anthropic(body, response));
      default:
        return response.status(404).send();
    }
  }

  private Mono<Void> openAi(byte[] body, HttpServerResponse response) {
    if (!isStream(body)) {
      return json(response, OPENAI_JSON);
    }
    List<byte[]> events = new ArrayList<>(OPENAI_SSE);
    if (contains(body, INCLUDE_USAGE)) {
      events.add(OPENAI_USAGE);
    }
    events.add(OPENAI_DONE);
    return sse(response, events, contains(body, TTFB_MODEL));
  }

  private Mono<Void> anthropic(byte[] body, HttpServerResponse response) {
    if (!isStream(body)) {
      return json(response, ANTHROPIC_JSON);
    }
    return sse(response, ANTHROPIC_SSE, contains(body, TTFB_MODEL));
  }

  private static Mono<Void> json(HttpServerResponse response, byte[] answer) {
    return response.status(200)
        .header("content-type", "application/json")
        .header("content-length", Integer.toString(answer.length))
        .sendObject(Unpooled.wrappedBuffer(answer))
        .then();
  }

  private Mono<Void> sse(HttpServerResponse response, List<byte[]> events, boolean gap) {
    Flux<ByteBuf> first = Flux.just(Unpooled.wrappedBuffer(events.get(0)));
    Flux<ByteBuf> rest = Flux.fromIterable(events.subList(1, events.size())).map(Unpooled::wrappedBuffer);
    if (gap && gapMs > 0) {
      rest = rest.delaySubscription(Duration.ofMillis(gapMs));
    }
    return response.status(200)
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-cache")
        .send(first.concatWith(rest), b -> true) // flush each event
        .then();
  }

  private static boolean isStream(byte[] body) {
    return contains(body, STREAM_TRUE) || contains(body, STREAM_TRUE_SPACED);
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String openAiChunk(String choices, String extra) {
    return "data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
        + "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":" + choices + extra + "}";
  }

  private static List<byte[]> openAiEvents() {
    List<byte[]> events = new ArrayList<>();
    String roleAndFirst = openAiChunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
        + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]", ",\"usage\":null") + "\n\n"
        + openAiChunk("[{\"index\":0,\"delta\":{\"content\":\"" + TOKENS[0] + "\"},\"logprobs\":null,"
        + "\"finish_reason\":null}]", ",\"usage\":null") + "\n\n";
    events.add(bytes(roleAndFirst));
    for (int i = 1; i < TOKENS.length; i++) {
      events.add(bytes(openAiChunk("[{\"index\":0,\"delta\":{\"content\":\"" + TOKENS[i] + "\"},"
          + "\"logprobs\":null,\"finish_reason\":null}]", ",\"usage\":null") + "\n\n"));
    }
    events.add(bytes(openAiChunk("[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]",
        ",\"usage\":null") + "\n\n"));
    return List.copyOf(events);
  }

  private static List<byte[]> anthropicEvents() {
    List<byte[]> events = new ArrayList<>();
    String head = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
        + "\"model\":\"claude-haiku-4-5-20251001\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
        + "{\"input_tokens\":48,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
        + textDelta(TOKENS[0]);
    events.add(bytes(head));
    for (int i = 1; i < TOKENS.length; i++) {
      events.add(bytes(textDelta(TOKENS[i])));
    }
    events.add(bytes("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"));
    events.add(bytes("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        + "\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":27}}\n\n"));
    events.add(bytes("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    return List.copyOf(events);
  }

  private static String textDelta(String text) {
    return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
        + "{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
