package io.switchboard.ai.governance.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts credentials at rest: AES-256-GCM with a random 96-bit nonce per value and the record's id (for example
 * {@code ai.providers.openai.api-key}) as associated data, so a value moved to another record does not decrypt.
 * The envelope is versioned text: {@code enc:v1:<key-id>:<base64url(nonce || ciphertext || 128-bit tag)>}.
 *
 * <p>Several master keys may be held at once for rotation: values are sealed with the primary key and opened with
 * whichever key their envelope names. Errors never contain a secret, a master key or the envelope's ciphertext.
 */
public final class SecretBox {

  /** The prefix of every envelope (any version). */
  public static final String PREFIX = "enc:";

  private static final String V1 = "enc:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A box with no master key: opens nothing, seals nothing. */
  public static final SecretBox NONE = new SecretBox(Map.of(), null);

  /** A master key: an id (stored in envelopes) and 32 bytes. {@link #toString()} shows only the id. */
  public record MasterKey(String id, byte[] key) {
    public MasterKey {
      if (!KEY_ID.matcher(id).matches()) {
        throw new SecretException("master key id '" + id + "' is invalid (expected: letters, digits, '.', '_', "
            + "'-', at most 64)");
      }
      if (key.length != 32) {
        throw new SecretException("master key '" + id + "' has " + key.length + " bytes (expected: 32, AES-256)");
      }
      key = key.clone();
    }

    /** Parses {@code <id>:<base64 of 32 bytes>}. */
    public static MasterKey parse(String spec) {
      int colon = spec.indexOf(':');
      if (colon <= 0) {
        throw new SecretException("a master key is not '<id>:<base64 of 32 bytes>'");
      }
      String id = spec.substring(0, colon).trim();
      byte[] key;
      try {
        key = Base64.getDecoder().decode(spec.substring(colon + 1).trim());
      } catch (IllegalArgumentException notBase64) {
        throw new SecretException("master key '" + id + "' is not valid base64");
      }
      return new MasterKey(id, key);
    }

    @Override
    public String toString() {
      return "MasterKey[" + id + "]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MasterKey other && id.equals(other.id) && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
      return id.hashCode();
    }
  }

  private final Map<String, SecretKeySpec> keys;
  private final @Nullable String primary;

  private SecretBox(Map<String, SecretKeySpec> keys, @Nullable String primary) {
    this.keys = keys;
    this.primary = primary;
  }

  /**
   * A box with these keys; {@code primaryId} seals (default: the first key).
   *
   * @throws SecretException when ids repeat or the primary is not among the keys
   */
  public static SecretBox of(List<MasterKey> masterKeys, @Nullable String primaryId) {
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    for (MasterKey key : masterKeys) {
      if (keys.put(key.id(), new SecretKeySpec(key.key(), "AES")) != null) {
        throw new SecretException("master key id '" + key.id() + "' is given twice");
      }
    }
    if (keys.isEmpty()) {
      return NONE;
    }
    String primary = primaryId == null || primaryId.isBlank() ? keys.keySet().iterator().next() : primaryId;
    if (!keys.containsKey(primary)) {
      throw new SecretException("primary master key '" + primary + "' is not among the keys " + keys.keySet());
    }
    return new SecretBox(Map.copyOf(keys), primary);
  }

  /** A new random master key, as {@code <id>:<base64>}. */
  public static String newMasterKey(String id) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new MasterKey(id, key).id() + ":" + Base64.getEncoder().encodeToString(key);
  }

  /** Whether a configured value is an envelope (then it must be opened). */
  public static boolean isSealed(@Nullable String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** The key ids this box holds, primary first. */
  public List<String> keyIds() {
    List<String> ids = new ArrayList<>();
    if (primary != null) {
      ids.add(primary);
    }
    keys.keySet().stream().filter(id -> !id.equals(primary)).sorted().forEach(ids::add);
    return ids;
  }

  /** Seals {@code plaintext} for {@code recordId} with the primary key. */
  public String seal(String recordId, String plaintext) {
    if (primary == null) {
      throw new SecretException("no master key to encrypt " + recordId + " with");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(primary), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(recordId, primary));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
      return V1 + primary + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new SecretException("encryption failed for " + recordId + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Opens an envelope sealed for {@code recordId}.
   *
   * @throws SecretException naming the record and the key id, never a value: no master key, an unknown key id, a
   *     malformed envelope, or a failed authentication (wrong key, altered value, or another record's value)
   */
  public String open(String recordId, String envelope) {
    if (!envelope.startsWith(V1)) {
      throw new SecretException(recordId + ": unsupported envelope version (expected: enc:v1:<key-id>:<data>)");
    }
    int colon = envelope.indexOf(':', V1.length());
    if (colon < 0) {
      throw new SecretException(recordId + ": malformed envelope (expected: enc:v1:<key-id>:<data>)");
    }
    String keyId = envelope.substring(V1.length(), colon);
    if (keys.isEmpty()) {
      throw new SecretException(recordId + ": encrypted with master key '" + keyId
          + "', but no master key is configured");
    }
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new SecretException(recordId + ": encrypted with master key '" + keyId
          + "', which is not configured (configured: " + keyIds() + ")");
    }
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(envelope.substring(colon + 1));
    } catch (IllegalArgumentException notBase64) {
      throw new SecretException(recordId + ": malformed envelope (data is not base64url)");
    }
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SecretException(recordId + ": malformed envelope (too short)");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(aad(recordId, keyId));
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException wrong) {
      throw new SecretException(recordId + ": cannot be decrypted with master key '" + keyId
          + "' (wrong key, altered value, or a value sealed for another record)");
    } catch (GeneralSecurityException e) {
      throw new SecretException(recordId + ": decryption failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Re-seals an envelope (or a plain value) with the primary key: the rotation step. */
  public String reseal(String recordId, String value) {
    return seal(recordId, isSealed(value) ? open(recordId, value) : value);
  }

  /** The associated data: the envelope version, the key id and the record id. */
  private static byte[] aad(String recordId, String keyId) {
    return ("switchboard/v1\n" + keyId + "\n" + recordId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SecretBox" + keyIds();
  }
}
