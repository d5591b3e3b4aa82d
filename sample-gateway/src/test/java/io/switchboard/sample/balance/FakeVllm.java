package io.switchboard.sample.balance;

import io.switchboard.ai.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One fake vLLM replica on loopback: OpenAI {@code /v1/chat/completions} with automatic prefix caching, reporting
 * {@code usage.prompt_tokens_details.cached_tokens} as vLLM does. Its cache is its own and knows nothing of the
 * gateway's hashing: the chat template renders {@code <|role|>content} per message, the "tokenizer" cuts the text
 * into 4-character tokens, and the KV cache is an LRU of 16-token blocks, each keyed by its tokens and its
 * parent block's key. A trailing partial block is not cached, and the tail of a prompt is evicted first.
 */
final class FakeVllm implements AutoCloseable {

  static final int BLOCK_TOKENS = 16;

  private final String name;
  private final int capacityBlocks;
  private final Duration delay;
  private final DisposableServer server;
  private final LinkedHashMap<String, Boolean> cache;
  private final AtomicInteger served = new AtomicInteger();

  FakeVllm(String name, int capacityBlocks, Duration delay) {
    this.name = name;
    this.capacityBlocks = capacityBlocks;
    this.delay = delay;
    this.cache = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > FakeVllm.this.capacityBlocks;
      }
    };
    this.server = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes.post("/v1/chat/completions", (request, response) -> request.receive().aggregate()
            .asString(StandardCharsets.UTF_8)
            .flatMap(body -> {
              String answer = complete(body);
              Duration wait = body.contains("HANG") ? Duration.ofSeconds(3) : delay;
              return Mono.delay(wait).thenReturn(answer);
            })
            .flatMap(answer -> response.header("content-type", "application/json")
                .sendString(Mono.just(answer)).then())))
        .bindNow();
  }

  String uri() {
    return "http://127.0.0.1:" + server.port();
  }

  int served() {
    return served.get();
  }

  synchronized void clear() {
    cache.clear();
    served.set(0);
  }

  private synchronized String complete(String body) {
    JsonNode request = Json.MAPPER.readTree(body);
    StringBuilder prompt = new StringBuilder();
    for (JsonNode message : request.path("messages")) {
      prompt.append("<|").append(message.path("role").asString()).append("|>")
          .append(message.path("content").asString());
    }
    int tokens = (prompt.length() + 3) / 4;
    List<String> keys = new ArrayList<>();
    String parent = "";
    for (int b = 0; (b + 1) * BLOCK_TOKENS * 4 <= prompt.length(); b++) {
      parent = Integer.toHexString(parent.hashCode()) + ":" + prompt.substring(b * BLOCK_TOKENS * 4,
          (b + 1) * BLOCK_TOKENS * 4);
      keys.add(parent);
    }
    int hit = 0;
    while (hit < keys.size() && cache.containsKey(keys.get(hit))) {
      hit++;
    }
    for (int i = keys.size() - 1; i >= 0; i--) {
      cache.put(keys.get(i), Boolean.TRUE);
    }
    int n = served.incrementAndGet();
    String content = ("Answer " + n + " from " + name + ". ").repeat(10);
    ObjectNode answer = Json.object().put("id", "chatcmpl-" + name + "-" + n).put("object", "chat.completion")
        .put("created", 1).put("model", request.path("model").asString());
    answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
        .putObject("message").put("role", "assistant").put("content", content);
    ObjectNode usage = answer.putObject("usage").put("prompt_tokens", tokens).put("completion_tokens", 40)
        .put("total_tokens", tokens + 40);
    usage.putObject("prompt_tokens_details").put("cached_tokens", hit * BLOCK_TOKENS);
    return answer.toString();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
