package io.switchboard.sample.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the official SDKs ({@code openai}, the Vercel AI SDK, {@code @langchain/openai}, {@code @anthropic-ai/sdk},
 * {@code @google/genai}) against the packaged sample gateway: {@code java -jar target/sample-gateway.jar} with the
 * default {@code application.yml}, client keys required, and Anthropic pointed at {@link FakeAnthropic} on loopback.
 * The tests themselves are {@code src/test/e2e/*.test.mjs}, run with {@code node --test}; they get the gateway's
 * address ({@code GATEWAY_URL}), a client key ({@code GATEWAY_KEY}) and the fake's address
 * ({@code FAKE_ANTHROPIC_URL}, to read what reached it) from the environment.
 *
 * <p>Without Node.js the test is skipped with a notice, except on CI ({@code CI=true}), where it fails.
 */
class SdkEndToEndIT {

  static final String CLIENT_KEY = "sk-e2e-client";

  /** The oldest Node.js the pinned SDKs support (@langchain/core needs 20). */
  private static final int MIN_NODE = 20;
  private static final Duration NPM_CI_LIMIT = Duration.ofMinutes(5);
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
  private static final Duration NODE_TEST_LIMIT = Duration.ofMinutes(3);

  private final Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private final Path e2eDir = module.resolve("src/test/e2e");
  private final Path jar = module.resolve("target/sample-gateway.jar");
  private final Path logDir = module.resolve("target/e2e");

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void officialSdksWorkAgainstTheRunningGateway() throws Exception {
    Path node = executable("node");
    Path npm = executable("npm");
    String missing = node == null ? "node not found" : npm == null ? "npm not found" : null;
    if (missing == null) {
      String version = nodeVersion(node);
      if (version == null || majorVersion(version) < MIN_NODE) {
        missing = "node " + MIN_NODE + " or newer needed (found " + version + ")";
      }
    }
    if (missing != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("SDK tests need Node.js " + MIN_NODE + "+ with npm, and CI may not skip them: " + missing);
      }
      System.out.println("SDK tests skipped: " + missing);
      System.err.println("SDK tests skipped: " + missing);
      Assumptions.abort("SDK tests skipped: " + missing);
    }
    assertThat(jar).as("the packaged gateway (run through mvn verify, after package)").isRegularFile();
    Files.createDirectories(logDir);

    Run npmCi = run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), e2eDir, Map.of(),
        logDir.resolve("npm-ci.log"), NPM_CI_LIMIT, "npm ci");
    assertThat(npmCi.exit()).as("npm ci exit code; its output ends:%n%s", npmCi.tail(40)).isZero();

    try (FakeAnthropic anthropic = new FakeAnthropic()) {
      int port = freePort();
      Path gatewayLog = logDir.resolve("gateway.log");
      Process gateway = startGateway(port, anthropic.baseUrl(), gatewayLog);
      Thread killer = new Thread(() -> stop(gateway), "e2e-gateway-killer");
      Runtime.getRuntime().addShutdownHook(killer);
      try {
        awaitReady(gateway, port, gatewayLog);
        Map<String, String> env = Map.of(
            "GATEWAY_URL", "http://127.0.0.1:" + port + "/v1",
            "GATEWAY_KEY", CLIENT_KEY,
            "FAKE_ANTHROPIC_URL", anthropic.baseUrl(),
            "FAKE_ANTHROPIC_INPUT_TOKENS", Integer.toString(FakeAnthropic.INPUT_TOKENS),
            "FAKE_ANTHROPIC_OUTPUT_TOKENS", Integer.toString(FakeAnthropic.OUTPUT_TOKENS),
            "FAKE_ANTHROPIC_SIGNATURE", FakeAnthropic.SIGNATURE);
        List<String> command = new ArrayList<>(List.of(node.toString(), "--test", "--test-reporter=spec",
            "--test-timeout=60000"));
        command.addAll(testFiles());
        Run tests = run(command, e2eDir, env, logDir.resolve("node-test.log"), NODE_TEST_LIMIT, "node --test");
        if (tests.exit() != 0) {
          System.out.println("---- gateway log (tail) ----");
          System.out.println(tail(gatewayLog, 80));
        }
        assertThat(tests.exit()).as("node --test exit code (whole output in %s, gateway log in %s); it ends:%n%s",
            logDir.resolve("node-test.log"), gatewayLog, tests.tail(60)).isZero();
      } finally {
        stop(gateway);
        try {
          Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook runs anyway
        }
      }
      // What reached the provider: the gateway's own key, the model without the 'anthropic/' prefix, and never
      // the client's key.
      List<FakeAnthropic.Recorded> sent = anthropic.requests();
      assertThat(sent).as("requests the fake Anthropic received").isNotEmpty();
      assertThat(sent).allSatisfy(r -> {
        assertThat(r.path()).isEqualTo("/v1/messages");
        assertThat(r.headers()).containsEntry("x-api-key", FakeAnthropic.API_KEY).containsKey("anthropic-version");
        assertThat(r.headers().toString()).doesNotContain(CLIENT_KEY);
        assertThat(r.body()).contains("\"model\":\"claude-sonnet-4-5\"");
      });
    }
  }

  private Process startGateway(int port, String anthropicBaseUrl, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
        "--server.port=" + port,
        "--server.address=127.0.0.1",
        "--ai.providers.anthropic.base-url=" + anthropicBaseUrl,
        "--spring.cloud.gateway.server.webflux.default-filters[0]=AiAuth")
        .directory(module.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // Only the fake provider may be reachable: no real provider key from the developer's environment.
    env.keySet().removeIf(k -> k.endsWith("_API_KEY") || k.equals("OLLAMA_BASE_URL") || k.equals("PORT")
        || k.startsWith("SPRING_"));
    env.put("ANTHROPIC_API_KEY", FakeAnthropic.API_KEY);
    env.put("SWITCHBOARD_API_KEY", CLIENT_KEY);
    System.out.println("Starting gateway on 127.0.0.1:" + port + " (log: " + log + ")");
    return builder.start();
  }

  private static void awaitReady(Process gateway, int port, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest models = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    long start = System.nanoTime();
    long deadline = start + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!gateway.isAlive()) {
        fail("The gateway exited with " + gateway.exitValue() + " while starting:\n" + tail(log, 80));
      }
      try {
        HttpResponse<String> response = http.send(models, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          System.out.printf("Gateway ready after %d ms%n", (System.nanoTime() - start) / 1_000_000);
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    fail("The gateway was not ready within " + STARTUP_LIMIT.toSeconds() + " s:\n" + tail(log, 80));
  }

  /**
   * Runs a command with a time limit, copying its output line by line to this test's output and to a log file.
   * The command's environment is this JVM's, without variables that would send an SDK elsewhere, plus {@code env}.
   */
  private static Run run(List<String> command, Path dir, Map<String, String> env, Path log, Duration limit,
      String what) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("LANGCHAIN_")
        || k.startsWith("LANGSMITH_") || k.startsWith("AI_GATEWAY_") || k.startsWith("NODE_OPTIONS")
        || k.startsWith("ANTHROPIC_") || k.startsWith("GOOGLE_") || k.startsWith("GEMINI_")
        || k.endsWith("_API_KEY"));
    builder.environment().put("LANGCHAIN_TRACING_V2", "false");
    builder.environment().put("LANGSMITH_TRACING", "false");
    builder.environment().put("NO_COLOR", "1");
    builder.environment().putAll(env);
    System.out.println("$ " + String.join(" ", command) + "   (in " + dir + ")");
    long start = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    List<String> lines = new ArrayList<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          System.out.println(line);
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        // the process was killed
      }
    }, "e2e-output");
    pump.setDaemon(true);
    pump.start();
    boolean done;
    try {
      done = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      if (process.isAlive()) { // out of time, or this test was interrupted
        stop(process);
      }
    }
    pump.join(5_000);
    synchronized (lines) {
      Files.write(log, lines, StandardCharsets.UTF_8);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (!done) {
      fail(what + " did not finish within " + limit.toSeconds() + " s (output in " + log + ")");
    }
    System.out.printf("%s exited with %d after %d ms%n", what, process.exitValue(), ms);
    synchronized (lines) {
      return new Run(process.exitValue(), List.copyOf(lines));
    }
  }

  /** A finished command: its exit code and output lines. */
  record Run(int exit, List<String> lines) {

    String tail(int count) {
      return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
  }

  /** Ends a process and everything it started: politely first, then forcibly. */
  private static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** The SDK test files, named explicitly: Node 20's {@code node --test} takes no glob. */
  private List<String> testFiles() throws IOException {
    try (var files = Files.list(e2eDir)) {
      List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".test.mjs")).sorted()
          .toList();
      assertThat(names).as("SDK test files in %s", e2eDir).isNotEmpty();
      return names;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code node --version} (e.g. {@code v20.20.2}), or null when it cannot be run. */
  private static String nodeVersion(Path node) {
    try {
      Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return null;
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return process.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int majorVersion(String version) {
    Matcher m = Pattern.compile("^v?(\\d+)").matcher(version);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** An executable on the PATH, or null. */
  private static Path executable(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    List<String> names = windows ? List.of(name + ".exe", name + ".cmd") : List.of(name);
    for (String dir : path.split(File.pathSeparator)) {
      for (String candidate : names) {
        Path file = Path.of(dir.isEmpty() ? "." : dir, candidate);
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
          return file.toAbsolutePath();
        }
      }
    }
    return null;
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
