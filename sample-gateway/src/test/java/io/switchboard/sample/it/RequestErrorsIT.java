package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Client mistakes get a clear 4xx in OpenAI's error shape, never a 500 or a stack trace. */
final class RequestErrorsIT extends GatewayIT {

  @Test
  void missingOrWrongKeyIs401() throws Exception {
    HttpResponse<String> missing = post("/v1/chat/completions", "{\"model\":\"demo\",\"messages\":[]}",
        "x-unrelated", "1");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(error(missing).path("type").asString()).isEqualTo("authentication_error");
    HttpResponse<String> wrong = post("/v1/chat/completions", "{\"model\":\"demo\",\"messages\":[]}",
        "Authorization", "Bearer sk-client-x");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(error(wrong).path("code").asString()).isEqualTo("invalid_api_key");
  }

  @Test
  void everyDialectsKeyFormIsAccepted() throws Exception {
    String body = "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(post("/v1/chat/completions", body, "x-api-key", "sk-client-1").statusCode()).isEqualTo(200);
    assertThat(post("/v1/chat/completions", body, "x-goog-api-key", "sk-client-2").statusCode()).isEqualTo(200);
    assertThat(post("/v1/chat/completions?key=sk-client-2", body, "x-unrelated", "1").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownModelIs404ModelNotFound() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"no-such-model\",\"messages\":[]}");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(error(response).path("code").asString()).isEqualTo("model_not_found");
  }

  @Test
  void malformedBodiesAre400() throws Exception {
    HttpResponse<String> invalid = post("/v1/chat/completions", "{\"model\":\"demo\",");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(error(invalid).path("code").asString()).isEqualTo("invalid_json");
    HttpResponse<String> noModel = post("/v1/chat/completions", "{\"messages\":[]}");
    assertThat(noModel.statusCode()).isEqualTo(400);
    assertThat(error(noModel).path("param").asString()).isEqualTo("model");
    String deep = "{\"model\":\"demo\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
    HttpResponse<String> tooDeep = post("/v1/chat/completions", deep);
    assertThat(tooDeep.statusCode()).isEqualTo(400);
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    String big = "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000) + "\"}]}";
    HttpResponse<String> response = post("/v1/chat/completions", big);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response).path("code").asString()).isEqualTo("request_too_large");
  }

  @Test
  void providerWithoutKeyIs503AndNamesNoSecret() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"off-1\",\"messages\":[]}");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(error(response).path("code").asString()).isEqualTo("provider_not_configured");
  }

  @Test
  void modelsListsWhatTheRoutesServe() throws Exception {
    HttpResponse<String> response = get("/v1/models");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("object").asString()).isEqualTo("list");
    java.util.List<String> ids = new java.util.ArrayList<>();
    body.path("data").forEach(m -> ids.add(m.path("id").asString()));
    assertThat(ids).contains("demo", "openai/gpt-4o", "openai/gpt-4o-mini", "fast", "gpt-4o", "gpt-4o-mini")
        .doesNotContain("off-1");
    JsonNode gpt4o = Json.MAPPER.readTree(get("/v1/models/gpt-4o").body());
    assertThat(gpt4o.path("context_window").asLong()).isEqualTo(128_000);
    assertThat(gpt4o.path("pricing").path("input").decimalValue()).isEqualByComparingTo("2.5");
    assertThat(gpt4o.path("capabilities").toString()).contains("tools");
    assertThat(get("/v1/models/fast").statusCode()).isEqualTo(200);
    assertThat(get("/v1/models/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void demoModelAnswersOffline() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("choices").path(0).path("message").path("content").asString()).contains("ping");
    assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("demo");
    java.util.List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"demo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}");
    assertThat(lines).extracting(TimedLine::data).last().isEqualTo("[DONE]");
    assertThat(lines.size()).isGreaterThan(5);
  }

  private static JsonNode error(HttpResponse<String> response) {
    JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
    assertThat(error.path("message").asString()).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return error;
  }
}
