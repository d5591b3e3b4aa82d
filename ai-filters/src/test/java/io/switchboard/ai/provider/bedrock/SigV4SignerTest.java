package io.switchboard.ai.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.ai.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@link SigV4Signer} against AWS's published Signature Version 4 test suite (the 2015-08-30 vectors with
 * {@code AKIDEXAMPLE}, region {@code us-east-1}, service {@code service}); the vectors live in
 * {@code providers/bedrock/sigv4-test-suite.json}, which names its sources. Canonical request, string to sign and
 * signature are checked separately so a failure points at the step that broke.
 */
final class SigV4SignerTest {

  private static final JsonNode SUITE = Json.MAPPER.readTree(resource("sigv4-test-suite.json"));
  private static final Instant TIME = Instant.parse(SUITE.get("config").get("time").asString());
  private static final SigV4Signer SUITE_SIGNER = new SigV4Signer("us-east-1", "service", false);

  /** One suite case; {@code sts} is {@code null} where the suite's own files disagree (see the fixture's notes). */
  record Vector(String name, SigV4Signer.Request request, SigV4Signer.Credentials credentials, String creq,
      @Nullable String sts, String authz) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Vector> vectors() {
    JsonNode config = SUITE.get("config");
    List<Vector> vectors = new ArrayList<>();
    for (JsonNode v : SUITE.get("vectors")) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (JsonNode header : v.get("headers")) {
        headers.computeIfAbsent(header.get(0).asString(), k -> new ArrayList<>()).add(header.get(1).asString());
      }
      JsonNode token = v.get("sessionToken");
      vectors.add(new Vector(v.get("name").asString(),
          new SigV4Signer.Request(v.get("method").asString(), v.get("uri").asString(), headers,
              v.get("body").asString().getBytes(StandardCharsets.UTF_8)),
          new SigV4Signer.Credentials(config.get("accessKeyId").asString(), config.get("secretAccessKey").asString(),
              token == null || token.isNull() ? null : token.asString()),
          v.get("creq").asString(), v.get("sts").isNull() ? null : v.get("sts").asString(),
          v.get("authz").asString()));
    }
    return vectors.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void buildsTheCanonicalRequest(Vector vector) {
    assertThat(SUITE_SIGNER.signing(vector.request(), vector.credentials(), TIME).canonicalRequest())
        .isEqualTo(vector.creq());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void buildsTheStringToSign(Vector vector) {
    assumeTrue(vector.sts() != null, "the suite publishes no consistent string to sign for " + vector.name());
    assertThat(SUITE_SIGNER.signing(vector.request(), vector.credentials(), TIME).stringToSign())
        .isEqualTo(vector.sts());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void computesTheSignatureAndAuthorizationHeader(Vector vector) {
    SigV4Signer.Signing signing = SUITE_SIGNER.signing(vector.request(), vector.credentials(), TIME);

    assertThat(signing.signature()).isEqualTo(vector.authz().substring(vector.authz().indexOf("Signature=") + 10));
    assertThat(signing.headers()).containsEntry("Authorization", vector.authz())
        .containsEntry("X-Amz-Date", "20150830T123600Z");
  }

  // Bedrock request: its expected values were computed with an independent reference (Python hashlib/hmac).
  private static final String BEDROCK_BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}";
  private static final String BEDROCK_PAYLOAD_HASH = "45e583fed2564dc00e823303d7609f8587af7f685b993cb0f998afc0d480b01d";
  private static final SigV4Signer.Credentials TEMPORARY = new SigV4Signer.Credentials("AKIDEXAMPLE",
      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLETOKEN");
  private static final Instant BEDROCK_TIME = Instant.parse("2025-01-02T03:04:05Z");

  private static SigV4Signer.Request bedrockRequest(Map<String, List<String>> headers) {
    return new SigV4Signer.Request("POST", "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", headers,
        BEDROCK_BODY.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, List<String>> bedrockHeaders() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of("bedrock-runtime.us-west-2.amazonaws.com"));
    headers.put("Content-Type", List.of("application/json"));
    return headers;
  }

  @Test
  void signsABedrockRequestWithTheDoublyEncodedPathPayloadHashAndSessionToken() {
    SigV4Signer.Signing signing =
        SigV4Signer.forBedrock("us-west-2").signing(bedrockRequest(bedrockHeaders()), TEMPORARY, BEDROCK_TIME);

    assertThat(signing.canonicalRequest()).isEqualTo(String.join("\n", "POST",
        "/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse", "", "content-type:application/json",
        "host:bedrock-runtime.us-west-2.amazonaws.com", "x-amz-content-sha256:" + BEDROCK_PAYLOAD_HASH,
        "x-amz-date:20250102T030405Z", "x-amz-security-token:FQoGZXIvYXdzEXAMPLETOKEN", "",
        "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token", BEDROCK_PAYLOAD_HASH));
    assertThat(signing.stringToSign()).startsWith(
        "AWS4-HMAC-SHA256\n20250102T030405Z\n20250102/us-west-2/bedrock/aws4_request\n");
    assertThat(signing.headers()).containsExactly(
        Map.entry("X-Amz-Date", "20250102T030405Z"),
        Map.entry("X-Amz-Content-Sha256", BEDROCK_PAYLOAD_HASH),
        Map.entry("X-Amz-Security-Token", "FQoGZXIvYXdzEXAMPLETOKEN"),
        Map.entry("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-west-2/bedrock/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "
            + "Signature=9e7e35a772f74f8121188dd850ffa444eadeee438455156c581c8a7d60e7290d"));
  }

  @Test
  void ignoresHeaderNameCaseOrderAndStaleSigningHeadersInTheInput() {
    Map<String, List<String>> messy = new LinkedHashMap<>();
    messy.put("content-type", List.of("  application/json "));
    messy.put("Authorization", List.of("AWS4-HMAC-SHA256 stale"));
    messy.put("X-AMZ-DATE", List.of("19990101T000000Z"));
    messy.put("HOST", List.of("bedrock-runtime.us-west-2.amazonaws.com"));
    SigV4Signer signer = SigV4Signer.forBedrock("us-west-2");

    assertThat(signer.sign(bedrockRequest(messy), TEMPORARY, BEDROCK_TIME))
        .isEqualTo(signer.sign(bedrockRequest(bedrockHeaders()), TEMPORARY, BEDROCK_TIME));
  }

  @Test
  void addsNoSecurityTokenForLongTermCredentials() {
    Map<String, String> headers = SigV4Signer.forBedrock("us-west-2").sign(bedrockRequest(bedrockHeaders()),
        new SigV4Signer.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null), BEDROCK_TIME);

    assertThat(headers).containsOnlyKeys("X-Amz-Date", "X-Amz-Content-Sha256", "Authorization");
    assertThat(headers.get("Authorization"))
        .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,");
  }

  @Test
  void encodesPathSegmentsAndQueryParametersPerAws() {
    assertThat(SigV4Signer.canonicalPath("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fx/converse"))
        .isEqualTo("/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A1%253Ainference-profile%252Fx/converse");
    assertThat(SigV4Signer.canonicalQuery("b=2&a=x%20y&a&c=%2B+")).isEqualTo("a=&a=x%20y&b=2&c=%2B%2B");
    assertThat(SigV4Signer.uriEncode("a b*~/é")).isEqualTo("a%20b%2A~%2F%C3%A9");
  }

  @Test
  void requiresAHostHeaderAndARelativeUri() {
    assertThatThrownBy(() -> SUITE_SIGNER.sign(new SigV4Signer.Request("GET", "/", Map.of(), new byte[0]), TEMPORARY,
        TIME)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Host");
    assertThatThrownBy(() -> new SigV4Signer.Request("GET", "https://example.com/", Map.of(), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverPrintsTheSecretOrTheSessionToken() {
    assertThat(TEMPORARY.toString()).contains("AKIDEXAMPLE").doesNotContain("EXAMPLEKEY").doesNotContain("TOKEN");
  }

  private static String resource(String name) {
    try (InputStream in = SigV4SignerTest.class.getResourceAsStream("/providers/bedrock/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("Missing fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
