package io.switchboard.sample.ratelimit;

import io.switchboard.sample.it.ScriptedUpstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sample.SampleGatewayApplication;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three gateway instances (three application contexts on random ports) sharing one Redis with a key prefix of their
 * own: limits hold across instances, and an instance that loses Redis limits alone at its share until Redis is back.
 */
class RateLimitMultiInstanceIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .executor(Executors.newFixedThreadPool(16)).build();
  static final String UP = "/up/v1/chat/completions";

  final List<ConfigurableApplicationContext> gateways = new ArrayList<>();
  Process ownRedis;

  @AfterEach
  void stop() {
    gateways.forEach(ConfigurableApplicationContext::close);
    gateways.clear();
    if (ownRedis != null) {
      ownRedis.destroyForcibly();
    }
    upstream.reset();
  }

  @AfterAll
  static void closeUpstream() {
    upstream.close();
  }

  int start(String redisUri, String prefix) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleGatewayApplication.class)
        .properties("spring.config.location=classpath:/ratelimit/ratelimit-it.yml", "server.port=0",
            "fake.port=" + upstream.port(), "ai.governance.redis.enabled=true",
            "ai.governance.redis.key-prefix=" + prefix, "ai.governance.redis.heartbeat=300ms",
            "spring.data.redis.url=" + redisUri, "spring.data.redis.timeout=1s",
            "management.health.redis.enabled=false")
        .run();
    gateways.add(context);
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  List<Integer> threeInstances(String redisUri) throws InterruptedException {
    String prefix = "sb-it-" + UUID.randomUUID();
    List<Integer> ports = List.of(start(redisUri, prefix), start(redisUri, prefix), start(redisUri, prefix));
    Thread.sleep(800); // a few heartbeats: every instance knows the other two
    return ports;
  }

  static HttpResponse<String> post(int port, String tenant, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("content-type", "application/json").header("x-tenant", tenant)
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String chat(String model, String extra) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
  }

  /** Sends {@code n} requests at once, spread round-robin over the instances. */
  static List<HttpResponse<String>> burst(List<Integer> ports, int n, String tenant, String body) {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int port = ports.get(i % ports.size());
        futures.add(CompletableFuture.supplyAsync(() -> post(port, tenant, body), pool));
      }
      return futures.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdown();
    }
  }

  static String summary(List<HttpResponse<String>> responses) {
    java.util.Map<Integer, Long> statuses = new java.util.TreeMap<>();
    responses.forEach(r -> statuses.merge(r.statusCode(), 1L, Long::sum));
    return statuses + " e.g. " + responses.stream().filter(r -> r.statusCode() != 200 && r.statusCode() != 429)
        .map(r -> r.statusCode() + " " + r.body()).findFirst().orElse("-");
  }

  static long count(List<HttpResponse<String>> responses, int status) {
    return responses.stream().filter(r -> r.statusCode() == status).count();
  }

  @Test
  void hundredRequestsPerMinuteAcrossThreeInstancesAdmitsAtMost105() throws Exception {
    TestRedis.require();
    upstream.script(UP, ScriptedUpstream.ok("fine"));
    List<Integer> ports = threeInstances(TestRedis.uri());
    long start = System.nanoTime();
    List<HttpResponse<String>> responses = burst(ports, 150, "rpm-" + UUID.randomUUID(), chat("rl-shared", ""));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertThat(seconds).as("the burst fits well inside the minute").isLessThan(50);
    long admitted = count(responses, 200);
    assertThat(admitted + count(responses, 429)).as(summary(responses)).isEqualTo(150);
    assertThat(admitted).isBetween(100L, 105L);
    assertThat(upstream.count(UP)).isEqualTo(admitted);
    assertThat(responses).allSatisfy(r -> assertThat(r.headers().firstValue("x-switchboard-ratelimit-degraded"))
        .isEmpty());
  }

  @Test
  void tokenLimitAcrossThreeInstancesLikewise() throws Exception {
    TestRedis.require();
    // Every answer uses 100 tokens; every request reserves its prompt estimate + 100.
    upstream.script(UP, ScriptedUpstream.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,"
        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"x\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":90,"
        + "\"total_tokens\":100}}"));
    List<Integer> ports = threeInstances(TestRedis.uri());
    List<HttpResponse<String>> responses = burst(ports, 150, "tpm-" + UUID.randomUUID(),
        chat("rl-shared-tok", ",\"max_tokens\":100"));
    long admitted = count(responses, 200);
    long usedTokens = admitted * 100;
    assertThat(admitted + count(responses, 429)).as(summary(responses)).isEqualTo(150);
    assertThat(usedTokens).as("2000 tokens per minute across three instances").isBetween(1500L, 2100L);
  }

  @Test
  void anInstanceThatLosesRedisLimitsAtItsShareAndRecovers() throws Exception {
    Path redisServer = Path.of("/usr/bin/redis-server");
    if (!Files.isExecutable(redisServer)) {
      TestRedis.skip("no redis-server binary to start and stop");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String uri = "redis://127.0.0.1:" + port;
    ownRedis = startRedis(redisServer, port, uri);
    upstream.script(UP, ScriptedUpstream.ok("fine"));
    List<Integer> ports = threeInstances(uri);
    String tenant = "down-" + UUID.randomUUID();
    assertThat(post(ports.get(0), tenant, chat("rl-shared", "")).statusCode()).isEqualTo(200);

    ownRedis.destroyForcibly().waitFor();
    Thread.sleep(1500); // heartbeats fail: degraded
    List<HttpResponse<String>> alone = burst(List.of(ports.get(0)), 60, tenant, chat("rl-shared", ""));
    assertThat(alone).allSatisfy(r -> assertThat(r.headers().firstValue("x-switchboard-ratelimit-degraded"))
        .hasValue("true"));
    assertThat(count(alone, 200)).as("100 / 3 known instances").isBetween(33L, 35L);

    ownRedis = startRedis(redisServer, port, uri);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> back;
    do {
      Thread.sleep(300);
      back = post(ports.get(1), "back-" + UUID.randomUUID(), chat("rl-shared", ""));
    } while (back.headers().firstValue("x-switchboard-ratelimit-degraded").isPresent()
        && System.nanoTime() < deadline);
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.headers().firstValue("x-switchboard-ratelimit-degraded")).as("recovered without restart")
        .isEmpty();
  }

  static Process startRedis(Path binary, int port, String uri) throws Exception {
    Process process = new ProcessBuilder(binary.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
        "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!TestRedis.answers(uri)) {
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        TestRedis.skip("could not start redis-server on port " + port);
      }
      Thread.sleep(100);
    }
    return process;
  }
}
