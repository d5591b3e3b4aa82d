package io.switchboard.ai.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

final class GoogleJwtTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void signsAVerifiableAssertion() throws Exception {
    ServiceAccount sa = VertexTestKeys.serviceAccount();

    String jwt = GoogleJwt.assertion(sa, null, NOW);

    String[] parts = jwt.split("\\.", -1);
    assertThat(parts).hasSize(3);
    for (String part : parts) {
      assertThat(part).matches("[A-Za-z0-9_-]+");
    }
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(VertexTestKeys.KEYS.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

    assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"0123456789abcdef\"}");
    long iat = NOW.getEpochSecond();
    assertThat(decode(parts[1])).isEqualTo("{\"iss\":\"gateway@my-project.iam.gserviceaccount.com\","
        + "\"scope\":\"https://www.googleapis.com/auth/cloud-platform\","
        + "\"aud\":\"https://oauth2.googleapis.com/token\",\"iat\":" + iat + ",\"exp\":" + (iat + 3600) + "}");
    JsonNode claims = Json.MAPPER.readTree(decode(parts[1]));
    assertThat(claims.get("iat").isIntegralNumber()).isTrue();
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);
  }

  @Test
  void tamperedAssertionDoesNotVerify() throws Exception {
    String jwt = GoogleJwt.assertion(VertexTestKeys.serviceAccount(), null, NOW);
    String[] parts = jwt.split("\\.");
    String otherClaims = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(decode(parts[1]).replace("gateway@", "attacker@").getBytes(StandardCharsets.UTF_8));

    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(VertexTestKeys.KEYS.getPublic());
    verifier.update((parts[0] + "." + otherClaims).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isFalse();
  }

  @Test
  void usesTheGivenScope() {
    String jwt = GoogleJwt.assertion(VertexTestKeys.serviceAccount(), "https://example.test/a https://example.test/b",
        NOW);

    JsonNode claims = Json.MAPPER.readTree(decode(jwt.split("\\.")[1]));
    assertThat(claims.get("scope").asString()).isEqualTo("https://example.test/a https://example.test/b");
  }

  @Test
  void buildsTheTokenRequestBody() {
    String jwt = GoogleJwt.assertion(VertexTestKeys.serviceAccount(), null, NOW);

    String body = GoogleJwt.tokenRequestBody(jwt);

    assertThat(body).isEqualTo("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + jwt);
    assertThat(GoogleJwt.tokenRequestBody("a+b/c=")).endsWith("&assertion=a%2Bb%2Fc%3D");
    assertThat(URLDecoder.decode(body.substring(body.indexOf("&assertion=") + 11), StandardCharsets.UTF_8))
        .isEqualTo(jwt);
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
