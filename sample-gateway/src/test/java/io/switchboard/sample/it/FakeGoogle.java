package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google's side of the Vertex AI tests: a service account whose RSA key pair is made for this test run (its key file
 * written to a temporary file the gateway's {@code credentials-file} names), token endpoint answers, and the check
 * that a token request carries an assertion signed by that key.
 */
final class FakeGoogle {

  static final String CLIENT_EMAIL = "gateway-it@test-project.iam.gserviceaccount.com";
  static final String PROJECT = "test-project";
  static final String REGION = "us-east5";

  static final KeyPair KEYS = generate();
  static final Path KEY_FILE = writeKeyFile();

  private FakeGoogle() {
  }

  /** The Vertex path of a model: {@code /v1/projects/test-project/locations/us-east5/publishers/…/models/…:method}. */
  static String modelPath(String publisher, String model, String method) {
    return "/v1/projects/" + PROJECT + "/locations/" + REGION + "/publishers/" + publisher + "/models/" + model + ":"
        + method;
  }

  /** Token endpoint answers {@code <prefix>1}, {@code <prefix>2}, … valid for {@code expiresIn} seconds. */
  static FakeUpstream.Answer tokens(String prefix, long expiresIn) {
    AtomicInteger issued = new AtomicInteger();
    return response -> FakeUpstream.json(200, "{\"access_token\":\"" + prefix + issued.incrementAndGet()
        + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}").apply(response);
  }

  /**
   * The claims of a token request's assertion, once checked: the form names the JWT bearer grant, and the JWT is
   * RS256-signed by this test run's key.
   */
  static JsonNode verifiedClaims(FakeUpstream.Recorded tokenRequest) throws GeneralSecurityException {
    assertThat(tokenRequest.method()).isEqualTo("POST");
    assertThat(tokenRequest.headers().get("content-type")).isEqualTo("application/x-www-form-urlencoded");
    Map<String, String> form = new HashMap<>();
    for (String pair : tokenRequest.body().split("&")) {
      int eq = pair.indexOf('=');
      form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
    String[] jwt = form.get("assertion").split("\\.");
    assertThat(jwt).hasSize(3);
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(KEYS.getPublic());
    rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))).as("assertion signed by the test key").isTrue();
    JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt[0]));
    assertThat(header.path("alg").asString()).isEqualTo("RS256");
    return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt[1]));
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path writeKeyFile() {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
            KEYS.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    ObjectNode key = Json.object();
    key.put("type", "service_account");
    key.put("project_id", PROJECT);
    key.put("private_key_id", "it0123456789");
    key.put("private_key", pem);
    key.put("client_email", CLIENT_EMAIL);
    key.put("token_uri", "https://oauth2.googleapis.com/token");
    try {
      Path file = Files.createTempFile("switchboard-vertex-it-", ".json");
      file.toFile().deleteOnExit();
      return Files.writeString(file, key.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
