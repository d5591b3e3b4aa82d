package io.switchboard.ai.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.JsonBodyScanner;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class CacheRequestTest {

  static final AiRequestReader READER = new AiRequestReader(1 << 20, new JsonBodyScanner(64));

  static AiRequest request(String path, String body) {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(path)
        .contentType(MediaType.APPLICATION_JSON).body(body));
    return READER.read(exchange).block();
  }

  static String key(String path, String body) {
    return CacheRequest.of(request(path, body), "r1", "vk:k1", "", true).key();
  }

  static final String OPENAI = "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"temperature\":0.2,\"messages\":["
      + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";

  @Test
  void fieldOrderWhitespaceAndNumberFormsDoNotChangeTheKey() {
    String reordered = "{ \"messages\" : [ {\"content\":\"Be brief.\",\"role\":\"system\"},\n"
        + "  {\"content\":\"What is the capital of France?\",\"role\":\"user\"} ],\n"
        + " \"temperature\": 0.20, \"max_tokens\": 100.0, \"model\": \"gpt-4o\" }";
    assertThat(key("/v1/chat/completions", reordered)).isEqualTo(key("/v1/chat/completions", OPENAI));
  }

  @Test
  void streamingAndTransportFieldsDoNotChangeTheKey() {
    String streamed = OPENAI.replace("{\"model\"", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"user\":\"u-9\",\"model\"");
    assertThat(key("/v1/chat/completions", streamed)).isEqualTo(key("/v1/chat/completions", OPENAI));
  }

  @Test
  void whatDeterminesTheAnswerChangesTheKey() {
    String base = key("/v1/chat/completions", OPENAI);
    assertThat(key("/v1/chat/completions", OPENAI.replace("0.2", "0.3"))).isNotEqualTo(base);
    assertThat(key("/v1/chat/completions", OPENAI.replace("France", "Spain"))).isNotEqualTo(base);
    assertThat(key("/v1/chat/completions", OPENAI.replace("gpt-4o", "gpt-4o-mini"))).isNotEqualTo(base);
    assertThat(key("/v1/chat/completions", OPENAI.replace("Be brief.", "Be long."))).isNotEqualTo(base);
    assertThat(key("/v1/chat/completions", OPENAI.replace("\"max_tokens\":100", "\"max_tokens\":101")))
        .isNotEqualTo(base);
    assertThat(key("/v1/chat/completions", OPENAI.replace("{\"model\"",
        "{\"response_format\":{\"type\":\"json_object\"},\"model\""))).isNotEqualTo(base);
    assertThat(key("/v1/chat/completions", OPENAI.replace("{\"model\"",
        "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}],\"model\"")))
        .isNotEqualTo(base);
  }

  @Test
  void tenantRouteAndNamespaceAreInTheKey() {
    AiRequest request = request("/v1/chat/completions", OPENAI);
    String base = CacheRequest.of(request, "r1", "vk:k1", "", true).key();
    assertThat(CacheRequest.of(request, "r1", "vk:k2", "", true).key()).isNotEqualTo(base);
    assertThat(CacheRequest.of(request, "r2", "vk:k1", "", true).key()).isNotEqualTo(base);
    assertThat(CacheRequest.of(request, "r1", "vk:k1", "ns", true).key()).isNotEqualTo(base);
  }

  @Test
  void theSameRequestInEachDialectHasOneKey() {
    String anthropic = "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"temperature\":0.2,\"system\":\"Be brief.\","
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the capital of France?\"}]}]}";
    String gemini = "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},\"contents\":[{\"role\":\"user\","
        + "\"parts\":[{\"text\":\"What is the capital of France?\"}]}],"
        + "\"generationConfig\":{\"maxOutputTokens\":100,\"temperature\":0.2}}";
    String openai = key("/v1/chat/completions", OPENAI);
    String streamedAnthropic = anthropic.replace("{\"model\"", "{\"stream\":true,\"model\"");
    assertThat(key("/v1/messages", anthropic)).isEqualTo(openai);
    assertThat(key("/v1/messages", streamedAnthropic)).isEqualTo(openai);
    assertThat(key("/v1beta/models/gpt-4o:generateContent", gemini)).isEqualTo(openai);
    assertThat(key("/v1beta/models/gpt-4o:streamGenerateContent", gemini)).isEqualTo(openai);
  }

  @Test
  void semanticScopeIgnoresTheLastUserTurnOnly() {
    CacheRequest a = CacheRequest.of(request("/v1/chat/completions", OPENAI), "r1", "t", "", true);
    CacheRequest b = CacheRequest.of(request("/v1/chat/completions", OPENAI.replace("What is the capital of France?",
        "Which city is France's capital?")), "r1", "t", "", true);
    CacheRequest c = CacheRequest.of(request("/v1/chat/completions", OPENAI.replace("Be brief.", "Be verbose.")),
        "r1", "t", "", true);
    assertThat(a.scope()).isEqualTo(b.scope()).isNotEqualTo(c.scope());
    assertThat(a.lastUserText()).isEqualTo("What is the capital of France?");
    assertThat(a.temperature()).isEqualTo(0.2);
  }

  @Test
  void exactOnlyRequestsHaveTheSameKeyAndNoScope() {
    CacheRequest semantic = CacheRequest.of(request("/v1/chat/completions", OPENAI), "r1", "t", "", true, true);
    CacheRequest exact = CacheRequest.of(request("/v1/chat/completions", OPENAI), "r1", "t", "", true, false);
    assertThat(exact.key()).isEqualTo(semantic.key());
    assertThat(semantic.scope()).isNotNull();
    assertThat(exact.scope()).isNull();
    assertThat(exact.lastUserText()).isEqualTo(semantic.lastUserText());
    assertThat(exact.temperature()).isEqualTo(semantic.temperature());
  }

  @Test
  void canonicalJsonSortsKeysAndNormalizesNumbers() {
    var node = io.switchboard.ai.Json.MAPPER.readTree("{\"b\":1.50,\"a\":[1e2, 0.0, -0],\"c\":\"\\u00e9\\n\"}");
    assertThat(CanonicalJson.write(node)).isEqualTo("{\"a\":[100,0,0],\"b\":1.5,\"c\":\"é\\n\"}");
  }
}
