package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.switchboard.ai.Json;
import io.switchboard.sample.SampleGatewayApplication;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Budgets shared through a real Redis: three gateway instances on one Redis take 200 parallel requests against a
 * budget with room for a few; a gateway whose Redis is down refuses (fails closed) and recovers without restart.
 * Needs a Redis at {@code REDIS_HOST}/{@code REDIS_PORT} (default localhost:6379): skipped with a notice without
 * one, except on CI ({@code CI=true}), where it fails.
 */
class RedisBudgetIT {

  static final String HOST = System.getenv().getOrDefault("REDIS_HOST", "localhost");
  static final int PORT = Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379"));
  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String CHAT = "/v1/chat/completions";
  static final String PREFIX = "sb:it:" + UUID.randomUUID() + ":";
  static final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

  @BeforeAll
  static void redis() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1000);
    } catch (Exception unreachable) {
      String missing = "RedisBudgetIT needs a Redis at " + HOST + ":" + PORT + " (REDIS_HOST/REDIS_PORT)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(missing + "; CI may not skip it");
      }
      System.out.println("Redis tests skipped: " + missing);
      Assumptions.abort("Redis tests skipped: " + missing);
    }
  }

  @org.junit.jupiter.api.BeforeEach
  void fresh() {
    upstream.reset();
  }

  @AfterAll
  static void stop() {
    if (!gateways.isEmpty()) {
      ReactiveStringRedisTemplate redis = gateways.get(0).getBean(ReactiveStringRedisTemplate.class);
      redis.keys(PREFIX + "*").flatMap(redis::delete).blockLast(Duration.ofSeconds(5));
    }
    gateways.forEach(ConfigurableApplicationContext::close);
    upstream.close();
  }

  static ConfigurableApplicationContext gateway(String redisHost, int redisPort, String timeout) {
    List<String> args = new ArrayList<>(List.of("--spring.config.location=classpath:/budget/budget-it.yml",
        "--server.port=0", "--fake.port=" + upstream.port(), "--ai.budget.store=redis",
        "--ai.budget.redis-key-prefix=" + PREFIX, "--ai.budget.store-timeout=" + timeout,
        "--spring.data.redis.host=" + redisHost, "--spring.data.redis.port=" + redisPort,
        "--spring.data.redis.timeout=" + timeout, "--spring.data.redis.connect-timeout=" + timeout));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleGatewayApplication.class,
        OwnNettyResources.class).run(args.toArray(String[]::new));
    gateways.add(context);
    return context;
  }

  /**
   * Each gateway started here gets its own Reactor Netty resources: by default a context shares the JVM's global
   * ones and disposes them when it closes, which would cut the connections of the cached test contexts of the other
   * integration tests running in this JVM.
   */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class OwnNettyResources {
    @org.springframework.context.annotation.Bean
    org.springframework.http.client.ReactorResourceFactory reactorResourceFactory() {
      org.springframework.http.client.ReactorResourceFactory factory =
          new org.springframework.http.client.ReactorResourceFactory();
      factory.setUseGlobalResources(false);
      return factory;
    }
  }

  static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @Test
  void threeInstancesSharingRedisNeverOverspend() throws Exception {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // Generous timeouts: this test is about sharing, not about a loaded machine's latency (fail closed is below).
      ConfigurableApplicationContext gateway = gateway(HOST, PORT, "10s");
      gateway.getBean(ReactiveStringRedisTemplate.class).hasKey(PREFIX + "warm-up").block(); // connect first
      ports.add(port(gateway));
    }
    upstream.script(CHAT, ScriptedUpstream.delayed(Duration.ofMillis(300), BudgetIT.THOUSAND_TOKENS));
    BigDecimal limit = new BigDecimal("0.05");
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      futures.add(http.sendAsync(chat(ports.get(i % 3)), HttpResponse.BodyHandlers.ofString()));
    }
    int ok = 0;
    BigDecimal maxCost = null;
    for (CompletableFuture<HttpResponse<String>> future : futures) {
      HttpResponse<String> response = future.get();
      if (response.statusCode() == 200) {
        ok++;
      } else {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        String message = Json.MAPPER.readTree(response.body()).path("error").path("message").asString();
        assertThat(message).contains("'shared-daily'").contains("resets at");
        maxCost = new BigDecimal(message.replaceAll(".*maximum cost ([0-9.]+) USD.*", "$1"));
      }
    }
    ReactiveStringRedisTemplate redis = gateways.get(0).getBean(ReactiveStringRedisTemplate.class);
    BigDecimal spent = BigDecimal.ZERO;
    long reserved = -1;
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (reserved != 0 && System.nanoTime() < deadline) {
      List<String> keys = redis.keys(PREFIX + "shared-daily:*").filter(k -> !k.endsWith(":r") && !k.endsWith(":a"))
          .collectList().block();
      assertThat(keys).hasSize(1);
      List<Object> values = redis.opsForHash().multiGet(keys.get(0), List.of("spent", "reserved")).block();
      spent = BigDecimal.valueOf(Long.parseLong(values.get(0).toString()), 9);
      reserved = Long.parseLong(values.get(1).toString());
      Thread.sleep(20);
    }
    System.out.printf("[RedisBudgetIT] 3 instances, 200 parallel: %d served, spent %s of %s USD (max cost %s)%n",
        ok, spent.toPlainString(), limit, maxCost);
    assertThat(reserved).as("every reservation settled").isZero();
    assertThat(ok).isBetween(1, 5);
    assertThat(upstream.count(CHAT)).isEqualTo(ok);
    assertThat(maxCost).isNotNull();
    assertThat(spent).isLessThanOrEqualTo(limit.add(maxCost));
  }

  @Test
  void redisDownFailsClosedAndRecoversWithoutRestart() throws Exception {
    Path redisServer = Path.of("/usr/bin/redis-server");
    Assumptions.assumeTrue(Files.isExecutable(redisServer),
        "needs redis-server to start and stop a Redis of its own");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    upstream.script(CHAT, BudgetIT.THOUSAND_TOKENS);
    int gateway = port(gateway("127.0.0.1", port, "500ms"));
    HttpResponse<String> down = http.send(chat(gateway), HttpResponse.BodyHandlers.ofString());
    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
    assertThat(down.headers().firstValue("x-switchboard-budget-store")).hasValue("unavailable");
    JsonNode error = Json.MAPPER.readTree(down.body()).path("error");
    assertThat(error.path("code").asString()).isEqualTo("budget_unavailable");
    assertThat(upstream.count(CHAT)).isZero();
    Process redis = new ProcessBuilder(redisServer.toString(), "--port", Integer.toString(port), "--save", "",
        "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      HttpResponse<String> up = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline) {
        up = http.send(chat(gateway), HttpResponse.BodyHandlers.ofString());
        if (up.statusCode() == 200) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(up.statusCode()).as("recovers once Redis is back: " + up.body()).isEqualTo(200);
    } finally {
      redis.destroy();
      redis.waitFor();
    }
  }

  static HttpRequest chat(int port) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + CHAT)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json").header("authorization", "Bearer sk-budget-1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"max_tokens\":1000,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
  }
}
