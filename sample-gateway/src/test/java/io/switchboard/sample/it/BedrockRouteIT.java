package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.bedrock.SigV4Signer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** AWS Bedrock Converse: SigV4-signed requests, JSON answers and binary event streams. */
final class BedrockRouteIT extends GatewayIT {

  private static final Path FIXTURES = Path.of("..", "ai-filters", "src", "test", "resources", "providers", "bedrock");
  private static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";

  @Test
  void plainChatIsSignedAndTranslated() throws Exception {
    String answer = Files.readString(FIXTURES.resolve("response-text.bedrock.json"));
    upstream.on("/model/" + MODEL + "/converse", FakeUpstream.json(200, answer));
    upstream.on("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse", FakeUpstream.json(200, answer));
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"bedrock/" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("choices").path(0).path("message").path("content").asString()).isEqualTo("Hello there.");
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(15);

    FakeUpstream.Recorded sent = upstream.lastRequest();
    String authorization = sent.headers().get("authorization");
    assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/us-east-1/bedrock/aws4_request");
    // Re-sign what the provider received: the signature must cover exactly the path, host and body that arrived.
    Map<String, List<String>> signed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : List.of("host", "content-type", "accept")) {
      signed.put(name, List.of(sent.headers().get(name)));
    }
    String amzDate = sent.headers().get("x-amz-date");
    java.time.Instant time = LocalDateTime.parse(amzDate, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        .toInstant(ZoneOffset.UTC);
    Map<String, String> expected = SigV4Signer.forBedrock("us-east-1").sign(
        new SigV4Signer.Request("POST", "/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse", signed,
            sent.body().getBytes(StandardCharsets.UTF_8)),
        new SigV4Signer.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null), time);
    assertThat(authorization).isEqualTo(expected.get("Authorization"));
    assertThat(sent.headers().values()).noneMatch(v -> v.contains("wJalrXUtnFEMI"));
  }

  @Test
  void temporaryCredentialsSendTheSessionTokenSigned() throws Exception {
    String answer = Files.readString(FIXTURES.resolve("response-text.bedrock.json"));
    String path = "/temp/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse";
    upstream.on(path, FakeUpstream.json(200, answer));
    upstream.on("/temp/model/" + MODEL + "/converse", FakeUpstream.json(200, answer));
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"bedrock-temp/" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    FakeUpstream.Recorded sent = upstream.lastRequest();
    assertThat(sent.headers()).containsEntry("x-amz-security-token", "FQoGZXIvYXdzEXAMPLESESSIONTOKEN");
    String authorization = sent.headers().get("authorization");
    assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLETEMP/")
        .contains("/eu-west-1/bedrock/aws4_request").contains("x-amz-security-token");
    Map<String, List<String>> signed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : List.of("host", "content-type", "accept")) {
      signed.put(name, List.of(sent.headers().get(name)));
    }
    java.time.Instant time = LocalDateTime.parse(sent.headers().get("x-amz-date"),
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC);
    Map<String, String> expected = SigV4Signer.forBedrock("eu-west-1").sign(
        new SigV4Signer.Request("POST", path, signed, sent.body().getBytes(StandardCharsets.UTF_8)),
        new SigV4Signer.Credentials("ASIAEXAMPLETEMP", "tempSecretKeyEXAMPLE", "FQoGZXIvYXdzEXAMPLESESSIONTOKEN"),
        time);
    assertThat(authorization).isEqualTo(expected.get("Authorization"));
  }

  @Test
  void binaryEventStreamBecomesChunks() throws Exception {
    byte[] frames = HexFormat.of().parseHex(
        Files.readString(FIXTURES.resolve("stream-text.eventstream.hex")).replaceAll("\\s", ""));
    FakeUpstream.Answer answer = FakeUpstream.bytes(200, "application/vnd.amazon.eventstream", frames);
    upstream.on("/model/" + MODEL + "/converse-stream", answer);
    upstream.on("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream", answer);
    List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"bedrock/" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    StringBuilder text = new StringBuilder();
    for (TimedLine line : lines.subList(0, lines.size() - 1)) {
      text.append(Json.MAPPER.readTree(line.data()).path("choices").path(0).path("delta").path("content")
          .asString(""));
    }
    StringBuilder expected = new StringBuilder();
    for (String chunk : Files.readAllLines(FIXTURES.resolve("stream-text.openai-chunks.jsonl"))) {
      if (!chunk.isBlank()) {
        expected.append(Json.MAPPER.readTree(chunk).path("choices").path(0).path("delta").path("content")
            .asString(""));
      }
    }
    assertThat(text.toString()).isEqualTo(expected.toString()).isNotEmpty();
    assertThat(lines).last().extracting(TimedLine::data).isEqualTo("[DONE]");
  }
}
