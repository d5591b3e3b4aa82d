package io.switchboard.ai.governance.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints virtual keys ({@code sk-sb-} and 43 base62 characters, about 256 bits) and hashes them: HMAC-SHA256 with
 * the server secret ({@code hmac:<hex>}), or plain SHA-256 ({@code sha256:<hex>}) for keys declared in YAML.
 */
public final class KeyHasher {

  public static final String PREFIX = "sk-sb-";
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final int RANDOM_CHARS = 43;

  private final SecretKeySpec secret;
  private final SecureRandom random = new SecureRandom();

  public KeyHasher(String secret) {
    this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String newKey() {
    StringBuilder sb = new StringBuilder(PREFIX.length() + RANDOM_CHARS).append(PREFIX);
    for (int i = 0; i < RANDOM_CHARS; i++) {
      sb.append(BASE62[random.nextInt(BASE62.length)]);
    }
    return sb.toString();
  }

  public String hmac(String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      return "hmac:" + HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  public static String sha256(String key) {
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Constant-time comparison of two stored-form hashes. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /** What listings show of a key: its first characters. */
  public static String prefixOf(String key) {
    return key.substring(0, Math.min(key.length(), PREFIX.length() + 4));
  }

  public static String lastFourOf(String key) {
    return key.substring(Math.max(0, key.length() - 4));
  }
}
