package io.switchboard.ai.provider.vertex;

import io.switchboard.ai.Json;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import tools.jackson.databind.node.ObjectNode;

/** An RSA 2048 key pair made once per test run, and service-account JSON around it. */
public final class VertexTestKeys {

  public static final KeyPair KEYS = generate();

  private VertexTestKeys() {
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

  /** The private key as Google writes it: PKCS#8 PEM, 64-character lines, trailing newline. */
  public static String pem() {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }

  public static ObjectNode serviceAccountJson() {
    ObjectNode json = Json.object();
    json.put("type", "service_account");
    json.put("project_id", "my-project");
    json.put("private_key_id", "0123456789abcdef");
    json.put("private_key", pem());
    json.put("client_email", "gateway@my-project.iam.gserviceaccount.com");
    json.put("client_id", "1234567890");
    json.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    json.put("token_uri", "https://oauth2.googleapis.com/token");
    return json;
  }

  public static ServiceAccount serviceAccount() {
    return ServiceAccount.parse(serviceAccountJson().toString());
  }
}
