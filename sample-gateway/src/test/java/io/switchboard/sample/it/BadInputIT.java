package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bad input in every client dialect, against providers of every dialect: always a 4xx in the client's own error
 * shape, never a 500; nothing that needed translating is sent upstream. Also: the Responses API's {@code store} as the OpenAI SDK sends it.
 */
final class BadInputIT extends GatewayIT {

  private enum Shape { OPENAI, ANTHROPIC, GEMINI }

  private record Case(String path, String body, Shape shape) {
  }

  private static final List<String> MODELS = List.of("gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash",
      "command-a-03-2025");

  private static List<Case> cases(String model) {
    String gemini = "/v1beta/models/" + model;
    List<Case> cases = new ArrayList<>();
    for (String bad : List.of("[]", "\"text\"", "42", "{\"model\":\"" + model + "\"")) {
      cases.add(new Case("/v1/chat/completions", bad, Shape.OPENAI));
      cases.add(new Case("/v1/responses", bad, Shape.OPENAI));
      cases.add(new Case("/v1/messages", bad, Shape.ANTHROPIC));
      cases.add(new Case("/v1/messages/count_tokens", bad, Shape.ANTHROPIC));
      cases.add(new Case(gemini + ":generateContent", bad, Shape.GEMINI));
      cases.add(new Case(gemini + ":countTokens", bad, Shape.GEMINI));
    }
    String m = "\"model\":\"" + model + "\"";
    cases.addAll(List.of(
        new Case("/v1/chat/completions", "{" + m + ",\"messages\":\"hi\"}", Shape.OPENAI),
        new Case("/v1/chat/completions", "{" + m + ",\"messages\":[{\"role\":\"user\",\"content\":5}]}", Shape.OPENAI),
        new Case("/v1/chat/completions", "{" + m + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
            + "\"tools\":\"all\"}", Shape.OPENAI),
        new Case("/v1/responses", "{" + m + ",\"input\":5}", Shape.OPENAI),
        new Case("/v1/responses", "{" + m + ",\"input\":[{\"type\":\"function_call_output\"}]}", Shape.OPENAI),
        new Case("/v1/responses", "{" + m + ",\"input\":\"x\",\"store\":true}", Shape.OPENAI),
        new Case("/v1/responses", "{" + m + ",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\"}}}",
            Shape.OPENAI),
        new Case("/v1/messages", "{" + m + ",\"max_tokens\":10,\"messages\":\"hi\"}", Shape.ANTHROPIC),
        new Case("/v1/messages", "{" + m + ",\"max_tokens\":\"ten\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"x\"}]}", Shape.ANTHROPIC),
        new Case("/v1/messages", "{" + m + ",\"max_tokens\":10,\"system\":5,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"x\"}]}", Shape.ANTHROPIC),
        new Case("/v1/messages", "{" + m + ",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{"
            + "\"type\":\"image\",\"source\":{\"type\":\"base64\"}}]}]}", Shape.ANTHROPIC),
        new Case("/v1/messages", "{" + m + ",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
            + "\"tools\":[{\"name\":\"f\"}]}", Shape.ANTHROPIC),
        new Case("/v1/messages/count_tokens", "{" + m + ",\"messages\":5}", Shape.ANTHROPIC),
        new Case(gemini + ":generateContent", "{\"contents\":\"hi\"}", Shape.GEMINI),
        new Case(gemini + ":generateContent", "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"inlineData\":{}}]}]}",
            Shape.GEMINI),
        new Case(gemini + ":generateContent", "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}],"
            + "\"generationConfig\":{\"temperature\":\"hot\"}}", Shape.GEMINI),
        new Case(gemini + ":streamGenerateContent?alt=sse", "{\"contents\":[]}", Shape.GEMINI),
        new Case(gemini + ":embedContent", "{\"content\":5}", Shape.GEMINI),
        new Case(gemini + ":batchEmbedContents", "{\"requests\":\"x\"}", Shape.GEMINI)));
    return cases;
  }

  @Test
  void badInputIsA4xxInTheClientsShapeAndReachesNoProvider() throws Exception {
    List<String> failures = new ArrayList<>();
    java.util.Set<String> sent = new java.util.HashSet<>();
    for (String model : MODELS) {
      for (Case c : cases(model)) {
        sent.add(c.body());
        HttpResponse<String> response = post(c.path(), c.body(), "Authorization", "Bearer " + CLIENT_KEY);
        String problem = problem(c, response);
        if (problem != null) {
          failures.add(model + " " + c.path() + " " + c.body() + " -> " + response.statusCode() + " "
              + response.body() + ": " + problem);
        }
      }
    }
    assertThat(failures).isEmpty();
    // A body for a provider of the client's own dialect takes the byte-for-byte fast path, unparsed: there the
    // provider judges it and its 4xx comes back as is. Every request to be translated was refused before any call.
    assertThat(upstream.requests()).as("only untranslated bodies reach a provider")
        .allSatisfy(r -> assertThat(sent).contains(r.body()));
  }

  private static String problem(Case c, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status < 400 || status >= 500) {
      return "not a 4xx";
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (RuntimeException e) {
      return "not JSON";
    }
    boolean shaped = switch (c.shape()) {
      case OPENAI -> body.path("error").path("message").isString() && body.path("error").has("type");
      case ANTHROPIC -> "error".equals(body.path("type").asString(""))
          && body.path("error").path("type").isString() && body.path("error").path("message").isString();
      case GEMINI -> body.path("error").path("code").asInt() == status && body.path("error").path("status").isString()
          && body.path("error").path("message").isString();
    };
    return shaped ? null : "not in the " + c.shape() + " error shape";
  }

  @Test
  void responsesStoreUnsetOrFalseIsServed() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, OpenAiRouteIT.COMPLETION));
    for (String store : List.of("", ",\"store\":false", ",\"store\":null")) {
      HttpResponse<String> response = post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"Hi\"" + store + "}");
      assertThat(response.statusCode()).as(store + ": " + response.body()).isEqualTo(200);
      JsonNode body = Json.MAPPER.readTree(response.body());
      assertThat(body.path("store").asBoolean(true)).as("the answer says it was not stored").isFalse();
    }
    HttpResponse<String> stored = post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"Hi\",\"store\":true}");
    assertThat(stored.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(stored.body()).path("error").path("param").asString()).isEqualTo("store");
  }
}
