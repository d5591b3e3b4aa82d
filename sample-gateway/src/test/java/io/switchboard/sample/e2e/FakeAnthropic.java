package io.switchboard.sample.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.ai.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake Anthropic Messages API on loopback, for the SDK end-to-end tests: {@code POST /v1/messages} answered in
 * Anthropic's exact wire format, as JSON or as an event stream ({@code message_start}, {@code content_block_start},
 * {@code content_block_delta}..., {@code content_block_stop}, {@code message_delta}, {@code message_stop}).
 *
 * <p>It checks requests the way the real API does (key, {@code anthropic-version}, {@code max_tokens}, roles, block
 * types, tool schemas, thinking budgets and signatures) and answers 400 in Anthropic's error shape otherwise, so a
 * translation mistake shows up as a failed SDK call. Answers are deterministic and depend only on the request:
 * <ul>
 *   <li>with {@code thinking} enabled: first a {@code thinking} block, {@code Thinking about "<last user text>".},
 *       with the signature {@link #SIGNATURE} (streamed as {@code thinking_delta}s and a {@code signature_delta});
 *       then the answer below;</li>
 *   <li>text: {@code Claude (fake) heard: "<last user text>".}, with {@code  System: "<system>".} added when the
 *       request carried a system prompt;</li>
 *   <li>with tools (and the last user turn not a tool result): a short text block, then a {@code tool_use} of the
 *       first tool whose input fills each schema property (strings {@code "Paris"}, numbers {@code 21}, booleans
 *       {@code true}); stop reason {@code tool_use};</li>
 *   <li>after a tool result: {@code The tool returned: <result text>.};</li>
 *   <li>a user text starting with {@code !status NNN} gets that HTTP status with an Anthropic error body (429 with
 *       {@code retry-after: 7}); {@code !midstream-error} streams some text, then an {@code error} event.</li>
 * </ul>
 * Usage is always {@link #INPUT_TOKENS} in and {@link #OUTPUT_TOKENS} out.
 *
 * <p>{@code GET /__e2e/requests} (no key; not recorded) lists the requests received so far as JSON
 * ({@code [{"path", "headers", "body"}]}, the body as the exact text received), so the SDK tests can check what the
 * gateway sent upstream.
 */
final class FakeAnthropic implements AutoCloseable {

  static final String API_KEY = "sk-ant-fake";
  static final int INPUT_TOKENS = 17;
  static final int OUTPUT_TOKENS = 9;
  /** The signature of every thinking block the fake writes. */
  static final String SIGNATURE = "EqQBCgIYAhIMfakeSignature==";
  /** Lists the recorded requests; not itself recorded. */
  static final String REQUESTS_PATH = "/__e2e/requests";

  /** One request as received. */
  record Recorded(String path, Map<String, String> headers, String body) {
  }

  private static final Pattern STATUS = Pattern.compile("^!status (\\d{3})");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "fake-anthropic");
    t.setDaemon(true);
    return t;
  });
  private final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger ids = new AtomicInteger();

  FakeAnthropic() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
      if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals(REQUESTS_PATH)) {
        listRequests(exchange);
        return;
      }
      requests.add(new Recorded(exchange.getRequestURI().getPath(), headers, body));
      if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/messages")) {
        error(exchange, 404, "not_found_error", "Not found: " + exchange.getRequestURI().getPath());
        return;
      }
      if (!API_KEY.equals(headers.get("x-api-key"))) {
        error(exchange, 401, "authentication_error", "invalid x-api-key");
        return;
      }
      if (headers.get("anthropic-version") == null) {
        error(exchange, 400, "invalid_request_error", "anthropic-version: header is required");
        return;
      }
      ObjectNode request;
      try {
        JsonNode tree = Json.MAPPER.readTree(body);
        if (!tree.isObject()) {
          throw new IllegalArgumentException("body: expected an object");
        }
        request = (ObjectNode) tree;
        validate(request);
      } catch (JacksonException | IllegalArgumentException e) {
        error(exchange, 400, "invalid_request_error", e.getMessage());
        return;
      }
      answer(exchange, request);
    } catch (IOException | RuntimeException e) {
      // The client went away, or a bug here: the gateway sees a cut connection and the SDK test fails.
      System.err.println("FakeAnthropic: " + e);
    }
  }

  /** The checks the real API makes that a translator could get wrong. */
  private static void validate(ObjectNode request) {
    if (!request.path("model").isString() || request.path("model").asString().isBlank()) {
      throw new IllegalArgumentException("model: Field required");
    }
    if (request.path("model").asString().contains("/")) {
      throw new IllegalArgumentException("model: " + request.path("model").asString() + " is not a model");
    }
    if (!request.path("max_tokens").isIntegralNumber() || request.path("max_tokens").asLong() < 1) {
      throw new IllegalArgumentException("max_tokens: Field required (a positive integer)");
    }
    if (request.has("stream") && !request.get("stream").isBoolean()) {
      throw new IllegalArgumentException("stream: Input should be a valid boolean");
    }
    JsonNode system = request.path("system");
    if (!system.isMissingNode() && !system.isString() && !system.isArray()) {
      throw new IllegalArgumentException("system: Input should be a valid string or list of text blocks");
    }
    JsonNode messages = request.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw new IllegalArgumentException("messages: at least one message is required");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asString("");
      if (!role.equals("user") && !role.equals("assistant")) {
        throw new IllegalArgumentException("messages." + i + ".role: Input should be 'user' or 'assistant'"
            + " (got '" + role + "')");
      }
      JsonNode content = message.path("content");
      if (content.isArray()) {
        for (int j = 0; j < content.size(); j++) {
          JsonNode block = content.get(j);
          String type = block.path("type").asString("");
          boolean ok = switch (type) {
            case "text" -> block.path("text").isString() && validCacheControl(block);
            case "image", "document" -> block.path("source").isObject();
            case "tool_use" -> block.path("id").isString() && block.path("name").isString()
                && block.path("input").isObject() && role.equals("assistant");
            case "tool_result" -> block.path("tool_use_id").isString() && role.equals("user");
            case "thinking" -> role.equals("assistant") && block.path("thinking").isString()
                && block.path("signature").isString();
            case "redacted_thinking" -> role.equals("assistant") && block.path("data").isString();
            default -> false;
          };
          if (!ok) {
            throw new IllegalArgumentException("messages." + i + ".content." + j + ": invalid '" + type
                + "' block");
          }
        }
      } else if (!content.isString()) {
        throw new IllegalArgumentException("messages." + i + ".content: Input should be a string or a list");
      }
    }
    if (system.isArray()) {
      for (JsonNode block : system) {
        if (!block.path("type").asString("").equals("text") || !validCacheControl(block)) {
          throw new IllegalArgumentException("system: Input should be a list of text blocks");
        }
      }
    }
    for (JsonNode tool : request.path("tools")) {
      if (!tool.path("name").isString() || !tool.path("input_schema").isObject()) {
        throw new IllegalArgumentException("tools: each tool needs a name and an input_schema");
      }
      if (!tool.path("input_schema").path("type").asString("").equals("object")) {
        throw new IllegalArgumentException("tools.input_schema.type: Input should be 'object'");
      }
    }
    JsonNode thinking = request.path("thinking");
    if (thinking.path("type").asString("").equals("enabled")) {
      long budget = thinking.path("budget_tokens").asLong(0);
      if (budget < 1024 || budget >= request.path("max_tokens").asLong()) {
        throw new IllegalArgumentException("thinking.budget_tokens: must be at least 1024 and less than max_tokens");
      }
    }
  }

  /** No cache_control, or the one kind the API knows. */
  private static boolean validCacheControl(JsonNode block) {
    JsonNode cacheControl = block.path("cache_control");
    return cacheControl.isMissingNode() || cacheControl.path("type").asString("").equals("ephemeral");
  }

  private void answer(HttpExchange exchange, ObjectNode request) throws IOException {
    JsonNode last = request.path("messages").get(request.path("messages").size() - 1);
    String userText = last.path("role").asString().equals("user") ? text(last.path("content")) : "";
    Matcher status = STATUS.matcher(userText);
    if (status.find()) {
      int code = Integer.parseInt(status.group(1));
      if (code == 429) {
        exchange.getResponseHeaders().add("retry-after", "7");
      }
      error(exchange, code, switch (code) {
        case 429 -> "rate_limit_error";
        case 529 -> "overloaded_error";
        case 401 -> "authentication_error";
        case 404 -> "not_found_error";
        case 400 -> "invalid_request_error";
        default -> "api_error";
      }, "scripted failure " + code);
      return;
    }
    String model = request.path("model").asString();
    String id = "msg_fake_" + ids.incrementAndGet();
    List<ObjectNode> blocks = new ArrayList<>();
    if (request.path("thinking").path("type").asString("").equals("enabled")) {
      blocks.add(Json.object().put("type", "thinking").put("thinking", "Thinking about \"" + userText + "\".")
          .put("signature", SIGNATURE));
    }
    String stopReason = "end_turn";
    String toolResult = toolResult(last);
    JsonNode tools = request.path("tools");
    boolean toolsOff = request.path("tool_choice").path("type").asString("").equals("none");
    if (toolResult != null) {
      blocks.add(textBlock("The tool returned: " + toolResult + "."));
    } else if (tools.isArray() && !tools.isEmpty() && !toolsOff) {
      JsonNode tool = tools.get(0);
      blocks.add(textBlock("Let me look that up."));
      ObjectNode use = Json.object().put("type", "tool_use").put("id", "toolu_fake_" + ids.incrementAndGet())
          .put("name", tool.path("name").asString());
      use.set("input", inputFor(tool.path("input_schema")));
      blocks.add(use);
      stopReason = "tool_use";
    } else {
      String reply = "Claude (fake) heard: \"" + userText + "\".";
      String system = text(request.path("system"));
      if (!system.isEmpty()) {
        reply += " System: \"" + system + "\".";
      }
      blocks.add(textBlock(reply));
    }
    boolean midStreamError = userText.startsWith("!midstream-error");
    if (request.path("stream").asBoolean(false)) {
      stream(exchange, id, model, blocks, stopReason, midStreamError);
    } else {
      ObjectNode message = Json.object().put("id", id).put("type", "message").put("role", "assistant")
          .put("model", model);
      ArrayNode content = message.putArray("content");
      blocks.forEach(content::add);
      message.put("stop_reason", stopReason);
      message.putNull("stop_sequence");
      message.set("usage", usage(INPUT_TOKENS, OUTPUT_TOKENS));
      send(exchange, 200, "application/json", message.toString());
    }
  }

  private static void stream(HttpExchange exchange, String id, String model, List<ObjectNode> blocks,
      String stopReason, boolean midStreamError) throws IOException {
    exchange.getResponseHeaders().add("content-type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().add("cache-control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    ObjectNode start = Json.object().put("id", id).put("type", "message").put("role", "assistant")
        .put("model", model);
    start.putArray("content");
    start.putNull("stop_reason");
    start.putNull("stop_sequence");
    start.set("usage", usage(INPUT_TOKENS, 1));
    event(out, "message_start", Json.object().put("type", "message_start").set("message", start));
    event(out, "ping", Json.object().put("type", "ping"));
    for (int index = 0; index < blocks.size(); index++) {
      ObjectNode block = blocks.get(index);
      String type = block.path("type").asString();
      ObjectNode opening = block.deepCopy();
      List<ObjectNode> deltas = new ArrayList<>();
      switch (type) {
        case "text" -> {
          opening.put("text", "");
          words(block.path("text").asString()).forEach(piece -> deltas.add(
              Json.object().put("type", "text_delta").put("text", piece)));
        }
        case "thinking" -> {
          opening.put("thinking", "").put("signature", "");
          words(block.path("thinking").asString()).forEach(piece -> deltas.add(
              Json.object().put("type", "thinking_delta").put("thinking", piece)));
          deltas.add(Json.object().put("type", "signature_delta").put("signature", block.path("signature").asString()));
        }
        default -> {
          opening.putObject("input");
          halves(block.path("input").toString()).forEach(piece -> deltas.add(
              Json.object().put("type", "input_json_delta").put("partial_json", piece)));
        }
      }
      event(out, "content_block_start", Json.object().put("type", "content_block_start").put("index", index)
          .set("content_block", opening));
      for (ObjectNode delta : deltas) {
        event(out, "content_block_delta", Json.object().put("type", "content_block_delta").put("index", index)
            .set("delta", delta));
      }
      if (midStreamError) {
        ObjectNode error = Json.object().put("type", "error");
        error.putObject("error").put("type", "overloaded_error").put("message", "Overloaded");
        event(out, "error", error);
        return;
      }
      event(out, "content_block_stop", Json.object().put("type", "content_block_stop").put("index", index));
    }
    ObjectNode messageDelta = Json.object().put("type", "message_delta");
    messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    messageDelta.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
    event(out, "message_delta", messageDelta);
    event(out, "message_stop", Json.object().put("type", "message_stop"));
  }

  private static void event(OutputStream out, String name, ObjectNode data) throws IOException {
    out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    try {
      Thread.sleep(3); // separate writes, as a real stream arrives
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static ObjectNode usage(int input, int output) {
    return Json.object().put("input_tokens", input).put("cache_creation_input_tokens", 0)
        .put("cache_read_input_tokens", 0).put("output_tokens", output);
  }

  private static ObjectNode textBlock(String text) {
    return Json.object().put("type", "text").put("text", text);
  }

  /** Input for a tool from its JSON schema: each property gets a fixed value of its type. */
  private static ObjectNode inputFor(JsonNode schema) {
    ObjectNode input = Json.object();
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      switch (property.getValue().path("type").asString("string")) {
        case "number", "integer" -> input.put(property.getKey(), 21);
        case "boolean" -> input.put(property.getKey(), true);
        case "array" -> input.putArray(property.getKey());
        case "object" -> input.putObject(property.getKey());
        default -> input.put(property.getKey(), "Paris");
      }
    }
    return input;
  }

  /** The text of a tool_result in the message, or null when it has none. */
  private static String toolResult(JsonNode message) {
    for (JsonNode block : message.path("content")) {
      if (block.path("type").asString("").equals("tool_result")) {
        return text(block.path("content"));
      }
    }
    return null;
  }

  /** A string, or the joined text blocks of a content list. */
  private static String text(JsonNode content) {
    if (content.isString()) {
      return content.asString();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode block : content) {
      if (block.path("type").asString("").equals("text")) {
        sb.append(block.path("text").asString(""));
      }
    }
    return sb.toString();
  }

  /** Splits text into words, each but the first with its leading space: they concatenate back to the text. */
  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    return out;
  }

  private static List<String> halves(String json) {
    int mid = json.length() / 2;
    return List.of(json.substring(0, mid), json.substring(mid));
  }

  private void listRequests(HttpExchange exchange) throws IOException {
    ArrayNode list = Json.array();
    for (Recorded recorded : requests) {
      ObjectNode item = list.addObject().put("path", recorded.path());
      ObjectNode headers = item.putObject("headers");
      recorded.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
      item.put("body", recorded.body());
    }
    send(exchange, 200, "application/json", list.toString());
  }

  private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
    ObjectNode body = Json.object().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    send(exchange, status, "application/json", body.toString());
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("content-type", contentType);
    exchange.getResponseHeaders().add("request-id", "req_fake_" + Integer.toHexString(body.hashCode()));
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
