package io.switchboard.ai.provider.vertex;

import io.switchboard.ai.Json;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A Google Cloud service account, as read from its JSON key file ({@code "type": "service_account"}). Only the fields
 * needed for the OAuth 2.0 JWT bearer flow are kept. {@link #toString()} never shows the key, and no error message
 * ever echoes it.
 *
 * @param clientEmail the account's e-mail ({@code client_email}), the JWT issuer
 * @param privateKeyId the key's id ({@code private_key_id}), the JWT {@code kid}
 * @param privateKey the RSA private key ({@code private_key}, a PKCS#8 PEM)
 * @param tokenUri the token endpoint ({@code token_uri}), the JWT audience; {@link #DEFAULT_TOKEN_URI} when absent
 * @param projectId the project ({@code project_id}), or {@code null} when the file names none
 */
public record ServiceAccount(String clientEmail, String privateKeyId, PrivateKey privateKey, String tokenUri,
    @Nullable String projectId) {

  /** Google's OAuth 2.0 token endpoint, used when the key file has no {@code token_uri}. */
  public static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

  private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PEM_END = "-----END PRIVATE KEY-----";

  public ServiceAccount {
    Objects.requireNonNull(clientEmail, "clientEmail");
    Objects.requireNonNull(privateKeyId, "privateKeyId");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(tokenUri, "tokenUri");
  }

  /**
   * Reads a service-account JSON key file.
   *
   * @throws IllegalArgumentException when the text is not JSON, is not a service account, or a field is missing or
   *     malformed; the message names the field and never contains the key
   */
  public static ServiceAccount parse(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      // The parser's message may quote the input, which holds the key: never pass it on.
      throw new IllegalArgumentException("Service account credentials are not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("Service account credentials must be a JSON object");
    }
    String type = optionalString(root, "type");
    if (!"service_account".equals(type)) {
      throw new IllegalArgumentException("Service account field 'type' must be \"service_account\"");
    }
    String clientEmail = requiredString(root, "client_email");
    String privateKeyId = requiredString(root, "private_key_id");
    PrivateKey key = privateKey(requiredString(root, "private_key"));
    String tokenUri = optionalString(root, "token_uri");
    if (tokenUri == null) {
      tokenUri = DEFAULT_TOKEN_URI;
    } else if (!tokenUri.startsWith("https://")) {
      throw new IllegalArgumentException("Service account field 'token_uri' must be an https URL");
    }
    return new ServiceAccount(clientEmail, privateKeyId, key, tokenUri, optionalString(root, "project_id"));
  }

  /** Decodes a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) holding an RSA key. */
  static PrivateKey privateKey(String pem) {
    String text = pem.trim();
    if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
      throw new IllegalArgumentException(
          "Service account field 'private_key' must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
    }
    String body = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length()).replaceAll("\\s+", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Service account field 'private_key' is not valid base64");
    }
    if (der.length == 0) {
      throw new IllegalArgumentException("Service account field 'private_key' is empty");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("Service account field 'private_key' is not a PKCS#8 RSA private key");
    }
  }

  private static String requiredString(JsonNode root, String field) {
    String value = optionalString(root, field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Service account field '" + field + "' is missing");
    }
    return value;
  }

  private static @Nullable String optionalString(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw new IllegalArgumentException("Service account field '" + field + "' must be a string");
    }
    return node.asString();
  }

  @Override
  public String toString() {
    return "ServiceAccount[clientEmail=" + clientEmail + ", privateKeyId=" + privateKeyId + ", privateKey=***"
        + ", tokenUri=" + tokenUri + ", projectId=" + projectId + "]";
  }
}
