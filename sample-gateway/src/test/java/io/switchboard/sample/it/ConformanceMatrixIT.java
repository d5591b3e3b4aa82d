package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The conformance matrix: every client dialect against every upstream provider in every scenario. Each cell scripts
 * the provider's exact wire answer on {@link FakeUpstream}, sends the request in the client's dialect and checks the
 * essential outcome in that dialect. At the end the matrix is written to {@code docs/compatibility.md}.
 */
final class ConformanceMatrixIT extends GatewayIT {

  enum Client {
    OPENAI("OpenAI chat"), RESPONSES("Responses"), ANTHROPIC("Anthropic"), GEMINI("Gemini");

    final String label;

    Client(String label) {
      this.label = label;
    }
  }

  private static final String BEDROCK_MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";

  private static final String VERTEX_CLAUDE_MODEL = "claude-sonnet-4-5@20250929";

  /** The providers; Vertex AI has one column per publisher, as each speaks its own dialect there. */
  enum Upstream {
    OPENAI("OpenAI", "gpt-4o"), ANTHROPIC("Anthropic", "claude-sonnet-4-5"), GEMINI("Gemini", "gemini-2.5-flash"),
    COHERE("Cohere", "command-a-03-2025"), AZURE("Azure", "azure/prod-gpt4o"), BEDROCK("Bedrock", "bedrock/" + BEDROCK_MODEL),
    VERTEX_GEMINI("Vertex Gemini", "vertex/gemini-2.5-flash"),
    VERTEX_CLAUDE("Vertex Claude", "vertex/" + VERTEX_CLAUDE_MODEL);

    final String label;
    final String model;

    Upstream(String label, String model) {
      this.label = label;
      this.model = model;
    }

    /** The provider whose wire format this one speaks: Vertex AI's publishers answer as Gemini and Anthropic do. */
    Upstream wire() {
      return this == VERTEX_GEMINI ? GEMINI : this == VERTEX_CLAUDE ? ANTHROPIC : this;
    }

    boolean vertex() {
      return this == VERTEX_GEMINI || this == VERTEX_CLAUDE;
    }
  }

  enum Scenario {
    PLAIN("Plain", "a non-streamed text answer reaches the client as its text"),
    STREAMED("Streamed", "the streamed text arrives complete, ending with the dialect's proper terminal event"),
    TOOLS("Tools", "a tool call reaches the client in its own shape, with parsed arguments"),
    IMAGE("Image", "an inline image reaches the provider in the provider's own format"),
    JSON_SCHEMA("JSON schema", "the provider receives its structured-output form and the client gets the JSON text"),
    ERROR("Error", "upstream 400 / 429 / 500 arrive as 400 / 429 / 502 in the client's error shape");

    final String label;
    final String checks;

    Scenario(String label, String checks) {
      this.label = label;
      this.checks = checks;
    }
  }

  /** Cells that fail because of a gateway bug not fixable from test code; the reason is published in the matrix. */
  private static final Map<String, String> KNOWN_GAPS = Map.of();

  private static final Path FIXTURES = Path.of("..", "ai-filters", "src", "test", "resources", "providers");
  private static final Path REPORT = Path.of("..", "docs", "compatibility.md");

  private static final String TEXT = "Hello world";
  private static final String B64 = "iVBORw0KGgo=";
  private static final String DATA_URL = "data:image/png;base64," + B64;
  private static final String PARAMS = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
      + "\"required\":[\"city\"]}";
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"color\":{\"type\":\"string\"}},"
      + "\"required\":[\"color\"],\"additionalProperties\":false}";
  private static final String JSON_TEXT = "{\"color\":\"red\"}";

  private static final Map<String, String> results = new ConcurrentHashMap<>();

  private static String key(Scenario s, Client c, Upstream u) {
    return s + "/" + c + "/" + u;
  }

  @TestFactory
  Stream<DynamicNode> matrix() {
    List<DynamicNode> scenarios = new ArrayList<>();
    for (Scenario s : Scenario.values()) {
      List<DynamicNode> clients = new ArrayList<>();
      for (Client c : Client.values()) {
        List<DynamicNode> cells = new ArrayList<>();
        for (Upstream u : Upstream.values()) {
          cells.add(DynamicTest.dynamicTest(c.label + " -> " + u.label, () -> runCell(s, c, u)));
        }
        clients.add(DynamicContainer.dynamicContainer(c.label, cells));
      }
      scenarios.add(DynamicContainer.dynamicContainer(s.label, clients));
    }
    return scenarios.stream();
  }

  private void runCell(Scenario s, Client c, Upstream u) throws Throwable {
    String key = key(s, c, u);
    upstream.reset();
    UsageProbe.calls.clear();
    String gap = KNOWN_GAPS.get(key);
    try {
      cell(s, c, u);
      if (u.vertex()) {
        assertVertexCalls(u);
      }
    } catch (Throwable failure) {
      if (gap != null) {
        results.put(key, "known gap: " + gap);
        Assumptions.abort("known gap: " + gap + " (" + firstLine(failure) + ")");
      }
      results.put(key, "❌ FAIL: " + firstLine(failure));
      throw failure;
    }
    if (gap != null) {
      results.put(key, "❌ known gap no longer reproduces: " + gap);
      throw new AssertionError("Cell " + key + " passes now: remove it from KNOWN_GAPS");
    }
    results.put(key, "✅");
  }

  private static String firstLine(Throwable t) {
    String m = String.valueOf(t.getMessage()).strip();
    int nl = m.indexOf('\n');
    String line = (nl < 0 ? m : m.substring(0, nl)).strip();
    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The cells

  private void cell(Scenario s, Client c, Upstream u) throws Exception {
    switch (s) {
      case PLAIN -> {
        script(u, false, textAnswer(u, TEXT));
        JsonNode body = okJson(send(c, u, s));
        assertThat(text(c, body)).isEqualTo(TEXT);
      }
      case STREAMED -> {
        script(u, true, streamAnswer(u));
        HttpResponse<String> response = send(c, u, s);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertStream(c, events(response.body()));
      }
      case TOOLS -> {
        script(u, false, toolAnswer(u));
        JsonNode body = okJson(send(c, u, s));
        List<Call> calls = toolCalls(c, body);
        assertThat(calls).as(body.toString()).anySatisfy(call -> {
          assertThat(call.name()).isEqualTo("get_weather");
          assertThat(call.args().path("city").asString()).isEqualTo("Paris");
        });
        JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
        JsonNode declared = u == Upstream.BEDROCK ? sent.path("toolConfig").path("tools") : sent.path("tools");
        assertThat(find(declared, toolDeclarationInProviderFormat(u)))
            .as("get_weather declared in %s format in %s", u.label, sent).isTrue();
      }
      case IMAGE -> {
        script(u, false, textAnswer(u, TEXT));
        JsonNode body = okJson(send(c, u, s));
        assertThat(text(c, body)).isEqualTo(TEXT);
        JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
        assertThat(find(sent, imageInProviderFormat(u))).as("image in %s format in %s", u.label, sent).isTrue();
      }
      case JSON_SCHEMA -> {
        boolean anthropicTool = u.wire() == Upstream.ANTHROPIC && c != Client.ANTHROPIC;
        script(u, false, anthropicTool ? ANTHROPIC_JSON_TOOL_ANSWER
            : u == Upstream.BEDROCK ? BEDROCK_JSON_TOOL_ANSWER : textAnswer(u, JSON_TEXT));
        JsonNode body = okJson(send(c, u, s));
        assertThat(Json.MAPPER.readTree(text(c, body)).path("color").asString()).isEqualTo("red");
        JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
        assertStructuredOutputForm(u, sent);
      }
      case ERROR -> {
        int[][] cases = {{400, 400}, {429, 429}, {500, 502}};
        for (int[] pair : cases) {
          script(u, false, FakeUpstream.json(pair[0], errorBody(u, pair[0]), Map.of("retry-after", "7")));
          HttpResponse<String> response = send(c, u, Scenario.PLAIN);
          assertThat(response.statusCode()).as("upstream %d: %s", pair[0], response.body()).isEqualTo(pair[1]);
          assertErrorShape(c, pair[1], Json.MAPPER.readTree(response.body()));
          if (pair[0] == 400) {
            assertThat(response.body()).contains("bad thing 400");
          }
          if (pair[0] == 429) {
            assertThat(response.headers().firstValue("retry-after")).as("Retry-After").hasValue("7");
          }
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  private static JsonNode okJson(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The provider side: paths, scripted wire answers, and checks of what it received

  private static String chatPath(Upstream u, boolean stream) {
    return switch (u) {
      case VERTEX_GEMINI -> FakeGoogle.modelPath("google", "gemini-2.5-flash",
          stream ? "streamGenerateContent" : "generateContent");
      case VERTEX_CLAUDE -> FakeGoogle.modelPath("anthropic", VERTEX_CLAUDE_MODEL,
          stream ? "streamRawPredict" : "rawPredict");
      case OPENAI -> "/v1/chat/completions";
      case AZURE -> "/openai/deployments/prod-gpt4o/chat/completions";
      case ANTHROPIC -> "/v1/messages";
      case GEMINI -> "/v1beta/models/gemini-2.5-flash:" + (stream ? "streamGenerateContent" : "generateContent");
      case COHERE -> "/v2/chat";
      case BEDROCK -> "/model/" + BEDROCK_MODEL + (stream ? "/converse-stream" : "/converse");
      default -> throw new IllegalStateException(u.name());
    };
  }

  private static void script(Upstream u, boolean stream, FakeUpstream.Answer answer) {
    String path = chatPath(u, stream);
    upstream.on(path, answer);
    if (u == Upstream.BEDROCK) {
      // The ':' of the model id may arrive percent-encoded.
      upstream.on(path.replace(":", "%3A"), answer);
    }
    if (u.vertex()) {
      upstream.on(path.replace("@", "%40"), answer);
      // A token cached by an earlier cell is used instead; a new one is asked for when there is none.
      upstream.on("/token", FakeGoogle.tokens("ya29.matrix-", 3599));
    }
  }

  /** Every call to Vertex AI carried the access token; Claude bodies named Vertex's API version, not the model. */
  private static void assertVertexCalls(Upstream u) {
    List<FakeUpstream.Recorded> calls = upstream.requests().stream()
        .filter(r -> r.path().contains("/publishers/")).toList();
    assertThat(calls).isNotEmpty().allSatisfy(call -> {
      assertThat(call.headers().get("authorization")).startsWith("Bearer ya29.matrix-");
      if (u == Upstream.VERTEX_CLAUDE) {
        JsonNode body = Json.MAPPER.readTree(call.body());
        assertThat(body.path("anthropic_version").asString()).as(call.body()).isEqualTo("vertex-2023-10-16");
        assertThat(body.has("model")).as(call.body()).isFalse();
      }
    });
  }

  private static String q(String s) {
    return Json.MAPPER.writeValueAsString(s);
  }

  private static FakeUpstream.Answer textAnswer(Upstream u, String text) {
    String body = switch (u.wire()) {
      case OPENAI, AZURE -> "{\"id\":\"chatcmpl-m\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + q(text) + "},"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";
      case ANTHROPIC -> "{\"id\":\"msg_m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
          + "\"content\":[{\"type\":\"text\",\"text\":" + q(text) + "}],\"stop_reason\":\"end_turn\","
          + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":2}}";
      case GEMINI -> "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":" + q(text) + "}]},"
          + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,"
          + "\"candidatesTokenCount\":2,\"totalTokenCount\":11},\"modelVersion\":\"gemini-2.5-flash\"}";
      case COHERE -> text.equals(TEXT) ? fixture("cohere/response-text.cohere-response.json")
          : "{\"id\":\"c-1\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\",\"content\":"
              + "[{\"type\":\"text\",\"text\":" + q(text) + "}]},\"usage\":{\"billed_units\":{\"input_tokens\":9,"
              + "\"output_tokens\":2},\"tokens\":{\"input_tokens\":9,\"output_tokens\":2}}}";
      case BEDROCK -> "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":" + q(text)
          + "}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":9,\"outputTokens\":2,"
          + "\"totalTokens\":11},\"metrics\":{\"latencyMs\":12}}";
      default -> throw new IllegalStateException(u.name());
    };
    return FakeUpstream.json(200, body);
  }

  private static final FakeUpstream.Answer ANTHROPIC_JSON_TOOL_ANSWER = FakeUpstream.json(200,
      "{\"id\":\"msg_j\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":"
          + "[{\"type\":\"tool_use\",\"id\":\"toolu_j\",\"name\":\"json_response\",\"input\":" + JSON_TEXT + "}],"
          + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":5}}");

  private static final FakeUpstream.Answer BEDROCK_JSON_TOOL_ANSWER = FakeUpstream.json(200,
      "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":"
          + "\"tooluse_j\",\"name\":\"json_response\",\"input\":" + JSON_TEXT + "}}]}},\"stopReason\":"
          + "\"tool_use\",\"usage\":{\"inputTokens\":9,\"outputTokens\":5,\"totalTokens\":14}}");

  private static FakeUpstream.Answer streamAnswer(Upstream u) {
    if (u == Upstream.BEDROCK) {
      byte[] frames = EventStreamEncoder.concat(
          EventStreamEncoder.event("messageStart", "{\"role\":\"assistant\"}"),
          EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
          EventStreamEncoder.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo\"}}"),
          EventStreamEncoder.event("contentBlockDelta",
              "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" world\"}}"),
          EventStreamEncoder.event("contentBlockStop", "{\"contentBlockIndex\":0}"),
          EventStreamEncoder.event("messageStop", "{\"stopReason\":\"end_turn\"}"),
          EventStreamEncoder.event("metadata", "{\"usage\":{\"inputTokens\":9,\"outputTokens\":2,"
              + "\"totalTokens\":11},\"metrics\":{\"latencyMs\":12}}"));
      return FakeUpstream.bytes(200, "application/vnd.amazon.eventstream", frames);
    }
    List<String> events = switch (u.wire()) {
      case OPENAI, AZURE -> OpenAiRouteIT.chunks("Hel", "lo", " world");
      case ANTHROPIC -> AnthropicRouteIT.streamEvents("Hel", "lo", " world");
      // Both fixtures stream "Hello world" (Gemini's with a thought part in between, which is not answer text).
      case GEMINI -> sseFixture("gemini/stream-text.gemini.sse");
      case COHERE -> sseFixture("cohere/stream-text.cohere.sse");
      default -> throw new IllegalStateException(u.name());
    };
    return FakeUpstream.sse(events, Duration.ZERO);
  }

  private static FakeUpstream.Answer toolAnswer(Upstream u) {
    String body = switch (u.wire()) {
      case OPENAI, AZURE -> "{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
          + "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
          + q("{\"city\":\"Paris\"}") + "}}]},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":9,"
          + "\"completion_tokens\":5,\"total_tokens\":14}}";
      case ANTHROPIC -> AnthropicRouteIT.TOOL_MESSAGE;
      case GEMINI -> fixture("gemini/response-function-calls.gemini-response.json");
      case COHERE -> fixture("cohere/response-tool-calls.cohere-response.json");
      case BEDROCK -> fixture("bedrock/response-tool-use.bedrock.json");
      default -> throw new IllegalStateException(u.name());
    };
    return FakeUpstream.json(200, body);
  }

  private static String errorBody(Upstream u, int status) {
    String message = q("bad thing " + status);
    if (u == Upstream.VERTEX_CLAUDE && status == 429) {
      // Vertex AI's own quota errors come in Google's shape, also for Claude models.
      return errorBody(Upstream.GEMINI, status);
    }
    return switch (u.wire()) {
      case OPENAI, AZURE -> "{\"error\":{\"message\":" + message + ",\"type\":\"" + (status == 429 ? "requests"
          : status == 400 ? "invalid_request_error" : "server_error") + "\",\"param\":null,\"code\":null}}";
      case ANTHROPIC -> "{\"type\":\"error\",\"error\":{\"type\":\"" + (status == 429 ? "rate_limit_error"
          : status == 400 ? "invalid_request_error" : "api_error") + "\",\"message\":" + message + "}}";
      case GEMINI -> "{\"error\":{\"code\":" + status + ",\"message\":" + message + ",\"status\":\""
          + (status == 429 ? "RESOURCE_EXHAUSTED" : status == 400 ? "INVALID_ARGUMENT" : "INTERNAL") + "\"}}";
      case COHERE -> "{\"id\":\"e-1\",\"message\":" + message + "}";
      case BEDROCK -> "{\"message\":" + message + "}";
      default -> throw new IllegalStateException(u.name());
    };
  }

  private static Predicate<JsonNode> toolDeclarationInProviderFormat(Upstream u) {
    return switch (u.wire()) {
      case OPENAI, AZURE, COHERE -> n -> "function".equals(n.path("type").asString(""))
          && "get_weather".equals(n.path("function").path("name").asString(""))
          && n.path("function").path("parameters").path("properties").has("city");
      case ANTHROPIC -> n -> "get_weather".equals(n.path("name").asString(""))
          && n.path("input_schema").path("properties").has("city");
      case GEMINI -> n -> "get_weather".equals(n.path("name").asString(""))
          && (n.path("parameters").path("properties").has("city")
              || n.path("parametersJsonSchema").path("properties").has("city"));
      case BEDROCK -> n -> "get_weather".equals(n.path("toolSpec").path("name").asString(""))
          && n.path("toolSpec").path("inputSchema").path("json").path("properties").has("city");
      default -> throw new IllegalStateException(u.name());
    };
  }

  private static Predicate<JsonNode> imageInProviderFormat(Upstream u) {
    return switch (u.wire()) {
      case OPENAI, AZURE, COHERE -> n -> "image_url".equals(n.path("type").asString(""))
          && DATA_URL.equals(n.path("image_url").path("url").asString(""));
      case ANTHROPIC -> n -> "image".equals(n.path("type").asString(""))
          && "base64".equals(n.path("source").path("type").asString(""))
          && "image/png".equals(n.path("source").path("media_type").asString(""))
          && B64.equals(n.path("source").path("data").asString(""));
      case GEMINI -> n -> "image/png".equals(n.path("inlineData").path("mimeType").asString(""))
          && B64.equals(n.path("inlineData").path("data").asString(""));
      case BEDROCK -> n -> "png".equals(n.path("image").path("format").asString(""))
          && B64.equals(n.path("image").path("source").path("bytes").asString(""));
      default -> throw new IllegalStateException(u.name());
    };
  }

  private static void assertStructuredOutputForm(Upstream u, JsonNode sent) {
    switch (u.wire()) {
      case OPENAI, AZURE -> {
        assertThat(sent.path("response_format").path("type").asString("")).isEqualTo("json_schema");
        assertThat(sent.path("response_format").path("json_schema").path("schema").path("properties").has("color"))
            .as(sent.toString()).isTrue();
      }
      case ANTHROPIC -> {
        boolean nativeForm = "json_schema".equals(sent.path("output_config").path("format").path("type").asString(""))
            && sent.path("output_config").path("format").path("schema").path("properties").has("color");
        boolean toolForm = find(sent.path("tools"), n -> "json_response".equals(n.path("name").asString(""))
            && n.path("input_schema").path("properties").has("color"))
            && "json_response".equals(sent.path("tool_choice").path("name").asString(""));
        assertThat(nativeForm || toolForm).as("output_config.format or forced json_response tool in %s", sent)
            .isTrue();
      }
      case GEMINI -> {
        JsonNode config = sent.path("generationConfig");
        assertThat(config.path("responseMimeType").asString("")).isEqualTo("application/json");
        JsonNode schema = config.has("responseJsonSchema") ? config.path("responseJsonSchema")
            : config.path("responseSchema");
        assertThat(schema.path("properties").has("color")).as(sent.toString()).isTrue();
      }
      case COHERE -> {
        assertThat(sent.path("response_format").path("type").asString("")).isEqualTo("json_object");
        assertThat(sent.path("response_format").path("json_schema").path("properties").has("color"))
            .as(sent.toString()).isTrue();
      }
      case BEDROCK -> {
        JsonNode config = sent.path("toolConfig");
        assertThat(find(config.path("tools"), n -> "json_response".equals(n.path("toolSpec").path("name")
            .asString("")) && n.path("toolSpec").path("inputSchema").path("json").path("properties").has("color")))
            .as("forced json_response tool in %s", sent).isTrue();
        assertThat(config.path("toolChoice").path("tool").path("name").asString("")).as(sent.toString())
            .isEqualTo("json_response");
      }
      default -> throw new IllegalStateException(u.name());
    }
  }

  private static boolean find(JsonNode node, Predicate<JsonNode> match) {
    if (node == null) {
      return false;
    }
    if (node.isObject() && match.test(node)) {
      return true;
    }
    for (JsonNode child : node) {
      if (find(child, match)) {
        return true;
      }
    }
    return false;
  }

  private static String fixture(String name) {
    try {
      return Files.readString(FIXTURES.resolve(name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> sseFixture(String name) {
    List<String> events = new ArrayList<>();
    for (String event : fixture(name).split("\n\n")) {
      if (!event.isBlank()) {
        events.add(event.strip() + "\n\n");
      }
    }
    return events;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The client side: requests in each dialect and reading answers in each dialect

  private HttpResponse<String> send(Client c, Upstream u, Scenario s) throws IOException, InterruptedException {
    boolean stream = s == Scenario.STREAMED;
    boolean image = s == Scenario.IMAGE;
    boolean tools = s == Scenario.TOOLS;
    boolean json = s == Scenario.JSON_SCHEMA;
    StringBuilder body = new StringBuilder("{");
    switch (c) {
      case OPENAI -> {
        body.append("\"model\":").append(q(u.model)).append(",\"messages\":[{\"role\":\"user\",\"content\":")
            .append(image ? "[{\"type\":\"text\",\"text\":\"Describe.\"},{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":" + q(DATA_URL) + "}}]" : "\"Hi\"").append("}]");
        if (tools) {
          body.append(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":")
              .append(PARAMS).append("}}]");
        }
        if (json) {
          body.append(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"c\",\"schema\":")
              .append(SCHEMA).append("}}");
        }
        if (stream) {
          body.append(",\"stream\":true");
        }
        return post("/v1/chat/completions", body.append('}').toString());
      }
      case RESPONSES -> {
        body.append("\"model\":").append(q(u.model)).append(",\"input\":").append(image
            ? "[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Describe.\"},{\"type\":"
                + "\"input_image\",\"image_url\":" + q(DATA_URL) + "}]}]" : "\"Hi\"");
        if (tools) {
          body.append(",\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":").append(PARAMS)
              .append("}]");
        }
        if (json) {
          body.append(",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"c\",\"schema\":").append(SCHEMA)
              .append("}}");
        }
        if (stream) {
          body.append(",\"stream\":true");
        }
        return post("/v1/responses", body.append('}').toString());
      }
      case ANTHROPIC -> {
        body.append("\"model\":").append(q(u.model)).append(",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
            + "\"content\":").append(image ? "[{\"type\":\"text\",\"text\":\"Describe.\"},{\"type\":\"image\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":" + q(B64) + "}}]"
                : "\"Hi\"").append("}]");
        if (tools) {
          body.append(",\"tools\":[{\"name\":\"get_weather\",\"input_schema\":").append(PARAMS).append("}]");
        }
        if (json) {
          body.append(",\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":").append(SCHEMA)
              .append("}}");
        }
        if (stream) {
          body.append(",\"stream\":true");
        }
        return post("/v1/messages", body.append('}').toString(), "x-api-key", CLIENT_KEY, "anthropic-version",
            "2023-06-01");
      }
      case GEMINI -> {
        body.append("\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"").append(image ? "Describe." : "Hi")
            .append("\"}").append(image ? ",{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":" + q(B64) + "}}" : "")
            .append("]}]");
        if (tools) {
          body.append(",\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"parameters\":")
              .append(PARAMS).append("}]}]");
        }
        if (json) {
          body.append(",\"generationConfig\":{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":")
              .append(SCHEMA).append('}');
        }
        // The model id is one path segment: '/' as %2F, and ':' as %3A (a raw ':' would end the model id).
        String model = u.model.replace("/", "%2F").replace(":", "%3A");
        String path = "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return post(path, body.append('}').toString(), "x-goog-api-key", CLIENT_KEY);
      }
      default -> throw new IllegalStateException(c.name());
    }
  }

  private static String text(Client c, JsonNode body) {
    StringBuilder text = new StringBuilder();
    switch (c) {
      case OPENAI -> text.append(body.path("choices").path(0).path("message").path("content").asString(""));
      case RESPONSES -> {
        assertThat(body.path("status").asString("")).isEqualTo("completed");
        for (JsonNode item : body.path("output")) {
          if ("message".equals(item.path("type").asString(""))) {
            for (JsonNode part : item.path("content")) {
              if ("output_text".equals(part.path("type").asString(""))) {
                text.append(part.path("text").asString(""));
              }
            }
          }
        }
      }
      case ANTHROPIC -> {
        assertThat(body.path("type").asString("")).isEqualTo("message");
        for (JsonNode block : body.path("content")) {
          if ("text".equals(block.path("type").asString(""))) {
            text.append(block.path("text").asString(""));
          }
        }
      }
      case GEMINI -> {
        for (JsonNode part : body.path("candidates").path(0).path("content").path("parts")) {
          if (!part.path("thought").asBoolean(false)) {
            text.append(part.path("text").asString(""));
          }
        }
      }
      default -> throw new IllegalStateException(c.name());
    }
    return text.toString();
  }

  record Call(String name, JsonNode args) {
  }

  private static List<Call> toolCalls(Client c, JsonNode body) {
    List<Call> calls = new ArrayList<>();
    switch (c) {
      case OPENAI -> {
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("finish_reason").asString("")).isEqualTo("tool_calls");
        for (JsonNode call : choice.path("message").path("tool_calls")) {
          assertThat(call.path("type").asString("")).isEqualTo("function");
          calls.add(new Call(call.path("function").path("name").asString(""),
              Json.MAPPER.readTree(call.path("function").path("arguments").asString())));
        }
      }
      case RESPONSES -> {
        for (JsonNode item : body.path("output")) {
          if ("function_call".equals(item.path("type").asString(""))) {
            assertThat(item.path("call_id").asString("")).isNotEmpty();
            calls.add(new Call(item.path("name").asString(""), Json.MAPPER.readTree(item.path("arguments")
                .asString())));
          }
        }
      }
      case ANTHROPIC -> {
        assertThat(body.path("stop_reason").asString("")).isEqualTo("tool_use");
        for (JsonNode block : body.path("content")) {
          if ("tool_use".equals(block.path("type").asString(""))) {
            assertThat(block.path("id").asString("")).isNotEmpty();
            calls.add(new Call(block.path("name").asString(""), block.path("input")));
          }
        }
      }
      case GEMINI -> {
        for (JsonNode part : body.path("candidates").path(0).path("content").path("parts")) {
          if (part.has("functionCall")) {
            calls.add(new Call(part.path("functionCall").path("name").asString(""),
                part.path("functionCall").path("args")));
          }
        }
      }
      default -> throw new IllegalStateException(c.name());
    }
    return calls;
  }

  record Event(String name, String data) {
  }

  private static List<Event> events(String body) {
    List<Event> events = new ArrayList<>();
    for (String block : body.replace("\r\n", "\n").split("\n\n")) {
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
        }
      }
      if (name != null || !data.isEmpty()) {
        events.add(new Event(name, data.toString()));
      }
    }
    return events;
  }

  private static void assertStream(Client c, List<Event> events) {
    assertThat(events).isNotEmpty();
    StringBuilder text = new StringBuilder();
    String all = events.toString();
    switch (c) {
      case OPENAI -> {
        assertThat(events.get(events.size() - 1).data()).as(all).isEqualTo("[DONE]");
        String finish = null;
        for (Event e : events.subList(0, events.size() - 1)) {
          JsonNode chunk = Json.MAPPER.readTree(e.data());
          assertThat(chunk.path("object").asString("")).as(e.data()).isEqualTo("chat.completion.chunk");
          JsonNode choice = chunk.path("choices").path(0);
          text.append(choice.path("delta").path("content").asString(""));
          if (choice.path("finish_reason").isString()) {
            finish = choice.path("finish_reason").asString();
          }
        }
        assertThat(finish).as(all).isEqualTo("stop");
      }
      case RESPONSES -> {
        for (Event e : events) {
          JsonNode data = Json.MAPPER.readTree(e.data());
          if ("response.output_text.delta".equals(data.path("type").asString(""))) {
            text.append(data.path("delta").asString(""));
          }
        }
        JsonNode last = Json.MAPPER.readTree(events.get(events.size() - 1).data());
        assertThat(last.path("type").asString("")).as(all).isEqualTo("response.completed");
        assertThat(last.path("response").path("status").asString("")).as(all).isEqualTo("completed");
      }
      case ANTHROPIC -> {
        String stop = null;
        for (Event e : events) {
          JsonNode data = Json.MAPPER.readTree(e.data());
          if ("text_delta".equals(data.path("delta").path("type").asString(""))) {
            text.append(data.path("delta").path("text").asString(""));
          }
          if ("message_delta".equals(data.path("type").asString(""))) {
            stop = data.path("delta").path("stop_reason").asString(null);
          }
        }
        assertThat(events.get(events.size() - 1).name()).as(all).isEqualTo("message_stop");
        assertThat(stop).as(all).isEqualTo("end_turn");
      }
      case GEMINI -> {
        String finish = null;
        for (Event e : events) {
          JsonNode candidate = Json.MAPPER.readTree(e.data()).path("candidates").path(0);
          for (JsonNode part : candidate.path("content").path("parts")) {
            if (!part.path("thought").asBoolean(false)) {
              text.append(part.path("text").asString(""));
            }
          }
          if (candidate.path("finishReason").isString()) {
            finish = candidate.path("finishReason").asString();
          }
        }
        assertThat(Json.MAPPER.readTree(events.get(events.size() - 1).data()).path("candidates").path(0)
            .path("finishReason").asString("")).as(all).isEqualTo("STOP");
        assertThat(finish).isEqualTo("STOP");
      }
      default -> throw new IllegalStateException(c.name());
    }
    assertThat(text).as(all).hasToString(TEXT);
  }

  private static void assertErrorShape(Client c, int status, JsonNode body) {
    switch (c) {
      case OPENAI, RESPONSES -> {
        assertThat(body.path("error").path("message").isString()).as(body.toString()).isTrue();
        assertThat(body.path("error").path("type").isString()).as(body.toString()).isTrue();
      }
      case ANTHROPIC -> {
        assertThat(body.path("type").asString("")).as(body.toString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString("")).as(body.toString()).isEqualTo(switch (status) {
          case 400 -> "invalid_request_error";
          case 429 -> "rate_limit_error";
          default -> "api_error";
        });
        assertThat(body.path("error").path("message").isString()).as(body.toString()).isTrue();
      }
      case GEMINI -> {
        assertThat(body.path("error").path("code").asInt()).as(body.toString()).isEqualTo(status);
        assertThat(body.path("error").path("status").asString("")).as(body.toString()).isEqualTo(switch (status) {
          case 400 -> "INVALID_ARGUMENT";
          case 429 -> "RESOURCE_EXHAUSTED";
          default -> "UNAVAILABLE";
        });
        assertThat(body.path("error").path("message").isString()).as(body.toString()).isTrue();
      }
      default -> throw new IllegalStateException(c.name());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The report

  @AfterAll
  static void writeMatrix() throws IOException {
    int expected = Scenario.values().length * Client.values().length * Upstream.values().length;
    if (results.size() != expected) {
      return; // a partial run (a filtered selection) does not overwrite the published matrix
    }
    StringBuilder md = new StringBuilder();
    md.append("# Compatibility matrix\n\n")
        .append("<!-- Generated by ConformanceMatrixIT (sample-gateway/src/test/java/io/switchboard/sample/it/")
        .append("ConformanceMatrixIT.java). Do not edit by hand: run the integration tests to regenerate. -->\n\n")
        .append("Generated by `ConformanceMatrixIT`: every client dialect (rows) against every upstream provider ")
        .append("(columns), in each scenario, through a real gateway in front of a scripted fake provider that ")
        .append("answers with that provider's exact wire format (for Bedrock: SigV4-signed Converse requests, JSON ")
        .append("answers and binary AWS event-stream frames; for Vertex AI: requests carrying a Google access token ")
        .append("the gateway obtained from a fake token endpoint, Gemini models at `:generateContent`, Claude models ")
        .append("at `:rawPredict` / `:streamRawPredict` with `anthropic_version` in the body).\n\n")
        .append("## Legend\n\n")
        .append("- ✅ — the cell passes: the essential outcome reaches the client in its own dialect.\n")
        .append("- `known gap: …` — the cell fails because of a known gateway limitation, described in the cell.\n")
        .append("- `n/a: …` — the scenario cannot apply to that pair, for the reason given.\n\n")
        .append("Client dialects: OpenAI chat (`/v1/chat/completions`), Responses (`/v1/responses`), Anthropic ")
        .append("(`/v1/messages`), Gemini (`/v1beta/models/{model}:generateContent`, ")
        .append("`:streamGenerateContent?alt=sse`; the model id is one path segment, so `/` is sent as `%2F` and ")
        .append("`:` as `%3A`).\n\n")
        .append("Upstream models:");
    for (Upstream u : Upstream.values()) {
      md.append(' ').append(u.label).append(' ').append("`" + u.model + "`")
          .append(u.ordinal() < Upstream.values().length - 1 ? "," : ".\n\n");
    }
    for (Scenario s : Scenario.values()) {
      md.append("## ").append(s.label).append("\n\n").append("Checks: ").append(s.checks).append(".\n\n");
      md.append("| Client \\ Upstream |");
      for (Upstream u : Upstream.values()) {
        md.append(' ').append(u.label).append(" |");
      }
      md.append("\n|---|");
      for (int i = 0; i < Upstream.values().length; i++) {
        md.append("---|");
      }
      md.append('\n');
      for (Client c : Client.values()) {
        md.append("| ").append(c.label).append(" |");
        for (Upstream u : Upstream.values()) {
          md.append(' ').append(results.get(key(s, c, u)).replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        md.append('\n');
      }
      md.append('\n');
    }
    Map<String, Long> counts = new EnumMapCounter().count();
    md.append("## Summary\n\n");
    counts.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    String text = md.toString();
    if (!Files.exists(REPORT) || !Files.readString(REPORT).equals(text)) {
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, text, StandardCharsets.UTF_8);
    }
  }

  /** Counts the cells by outcome, in a fixed order. */
  private static final class EnumMapCounter {
    Map<String, Long> count() {
      Map<String, Long> counts = new java.util.LinkedHashMap<>();
      counts.put("passing", results.values().stream().filter("✅"::equals).count());
      counts.put("known gaps", results.values().stream().filter(v -> v.startsWith("known gap")).count());
      counts.put("not applicable", results.values().stream().filter(v -> v.startsWith("n/a")).count());
      counts.put("failing", results.values().stream().filter(v -> v.startsWith("❌")).count());
      return counts;
    }
  }
}
