package io.switchboard.ai.provider.vertex;

import io.switchboard.ai.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The signed JWT of Google's OAuth 2.0 JWT bearer flow for service accounts (RFC 7523; Google's "Using OAuth 2.0 for
 * Server to Server Applications"): {@code RS256} over {@code base64url(header) + "." + base64url(claims)}, base64url
 * without padding. Pure: the time is an argument; thread-safe.
 */
public final class GoogleJwt {

  /** The scope asked for when none is given: every Google Cloud API, Vertex AI included. */
  public static final String DEFAULT_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  /** The assertion's lifetime; Google accepts at most one hour. */
  public static final long LIFETIME_SECONDS = 3600;

  /** The {@code grant_type} of the JWT bearer flow. */
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private GoogleJwt() {
  }

  /**
   * Builds and signs the assertion to exchange at {@link ServiceAccount#tokenUri()}.
   *
   * @param scope space-separated scopes, or {@code null}/blank for {@link #DEFAULT_SCOPE}
   * @param now the issue time ({@code iat}); {@code exp} is one hour later
   */
  public static String assertion(ServiceAccount sa, @Nullable String scope, Instant now) {
    Objects.requireNonNull(sa, "sa");
    Objects.requireNonNull(now, "now");
    ObjectNode header = Json.object();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    header.put("kid", sa.privateKeyId());
    long iat = now.getEpochSecond();
    ObjectNode claims = Json.object();
    claims.put("iss", sa.clientEmail());
    claims.put("scope", scope == null || scope.isBlank() ? DEFAULT_SCOPE : scope);
    claims.put("aud", sa.tokenUri());
    claims.put("iat", iat);
    claims.put("exp", iat + LIFETIME_SECONDS);
    String signingInput = encode(header) + "." + encode(claims);
    return signingInput + "." + B64URL.encodeToString(sign(sa, signingInput));
  }

  /** The form body ({@code application/x-www-form-urlencoded}) to POST to the token endpoint. */
  public static String tokenRequestBody(String assertion) {
    Objects.requireNonNull(assertion, "assertion");
    return "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8) + "&assertion="
        + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
  }

  private static String encode(ObjectNode node) {
    return B64URL.encodeToString(Json.MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sign(ServiceAccount sa, String signingInput) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(sa.privateKey());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signature.sign();
    } catch (GeneralSecurityException e) {
      // No message of the provider: it could describe the key.
      throw new IllegalStateException("Could not sign the Google service account assertion ("
          + e.getClass().getSimpleName() + ")");
    }
  }
}
