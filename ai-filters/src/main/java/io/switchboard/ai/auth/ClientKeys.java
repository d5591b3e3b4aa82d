package io.switchboard.ai.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import io.switchboard.ai.provider.InvalidConfigurationException;

/**
 * The client keys a gateway accepts, held only as SHA-256 hashes. A presented key is hashed and compared with
 * every stored hash in constant time, so neither the comparison nor the number of keys tried leaks which bytes or
 * which key matched.
 */
public final class ClientKeys {

  private static final String HASH_PREFIX = "sha256:";

  private final List<byte[]> hashes;

  /**
   * @param configured plain keys, or hashes written {@code sha256:<64 hex digits>}
   * @throws InvalidConfigurationException naming the position of a malformed hash (never the key itself)
   */
  public ClientKeys(List<String> configured) {
    this.hashes = new java.util.ArrayList<>(configured.size());
    for (int i = 0; i < configured.size(); i++) {
      String value = configured.get(i) == null ? "" : configured.get(i).trim();
      if (value.isEmpty()) {
        continue;
      }
      if (value.toLowerCase(Locale.ROOT).startsWith(HASH_PREFIX)) {
        String hex = value.substring(HASH_PREFIX.length());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
          throw new InvalidConfigurationException("Invalid Switchboard configuration", List.of(
              "ai.auth.api-keys[" + i + "]: malformed hash (expected: sha256: followed by 64 hex digits)"));
        }
        hashes.add(HexFormat.of().parseHex(hex));
      } else {
        hashes.add(sha256(value));
      }
    }
  }

  public boolean isEmpty() {
    return hashes.isEmpty();
  }

  /** Whether the presented key is one of the accepted keys. Takes the same time whichever key matches. */
  public boolean matches(String presented) {
    byte[] hash = sha256(presented);
    boolean found = false;
    for (byte[] candidate : hashes) {
      found |= MessageDigest.isEqual(candidate, hash);
    }
    return found;
  }

  /** The hash form of a key, for writing {@code sha256:...} into configuration. */
  public static String hashOf(String key) {
    return HASH_PREFIX + HexFormat.of().formatHex(sha256(key));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
