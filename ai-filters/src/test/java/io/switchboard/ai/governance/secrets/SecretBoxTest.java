package io.switchboard.ai.governance.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.provider.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

  static final String RECORD = "ai.providers.openai.api-key";
  static final String SECRET = "sk-live-very-secret-123";
  static final String K1 = SecretBox.newMasterKey("k1");
  static final String K2 = SecretBox.newMasterKey("k2");

  static SecretBox box(String... keys) {
    return SecretBox.of(java.util.Arrays.stream(keys).map(SecretBox.MasterKey::parse).toList(), null);
  }

  @Test
  void sealsIntoAVersionedEnvelopeAndOpensIt() {
    SecretBox box = box(K1);
    String envelope = box.seal(RECORD, SECRET);
    assertThat(envelope).startsWith("enc:v1:k1:").doesNotContain(SECRET);
    assertThat(SecretBox.isSealed(envelope)).isTrue();
    assertThat(box.open(RECORD, envelope)).isEqualTo(SECRET);
  }

  @Test
  void everySealUsesAFreshNonce() {
    SecretBox box = box(K1);
    assertThat(box.seal(RECORD, SECRET)).isNotEqualTo(box.seal(RECORD, SECRET));
  }

  @Test
  void anyAlteredByteIsDetected() {
    SecretBox box = box(K1);
    String envelope = box.seal(RECORD, SECRET);
    String prefix = "enc:v1:k1:";
    byte[] data = Base64.getUrlDecoder().decode(envelope.substring(prefix.length()));
    for (int i = 0; i < data.length; i++) {
      byte[] altered = data.clone();
      altered[i] ^= 0x01;
      String tampered = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      assertThatThrownBy(() -> box.open(RECORD, tampered)).isInstanceOf(SecretException.class)
          .hasMessageContaining("cannot be decrypted").hasMessageNotContaining(SECRET);
    }
  }

  @Test
  void aValueMovedToAnotherRecordDoesNotOpen() {
    SecretBox box = box(K1);
    String envelope = box.seal(RECORD, SECRET);
    assertThatThrownBy(() -> box.open("ai.providers.anthropic.api-key", envelope))
        .isInstanceOf(SecretException.class).hasMessageContaining("another record");
  }

  @Test
  void aWrongKeyWithTheSameIdIsRefusedWithoutShowingAnything() {
    String envelope = box(K1).seal(RECORD, SECRET);
    String otherK1 = SecretBox.newMasterKey("k1");
    assertThatThrownBy(() -> box(otherK1).open(RECORD, envelope)).isInstanceOf(SecretException.class)
        .hasMessageContaining("master key 'k1'").hasMessageNotContaining(SECRET)
        .hasMessageNotContaining(otherK1.substring(3)).hasMessageNotContaining(envelope.substring(10));
  }

  @Test
  void rotationOpensWithAnyKeyAndSealsWithThePrimary() {
    String old = box(K1).seal(RECORD, SECRET);
    SecretBox rotating = box(K2, K1);
    assertThat(rotating.open(RECORD, old)).isEqualTo(SECRET);
    String resealed = rotating.reseal(RECORD, old);
    assertThat(resealed).startsWith("enc:v1:k2:");
    assertThat(box(K2).open(RECORD, resealed)).isEqualTo(SECRET);
    assertThatThrownBy(() -> box(K2).open(RECORD, old)).hasMessageContaining("'k1', which is not configured");
    assertThat(SecretBox.of(List.of(SecretBox.MasterKey.parse(K1), SecretBox.MasterKey.parse(K2)), "k2")
        .seal(RECORD, SECRET)).startsWith("enc:v1:k2:");
  }

  @Test
  void noMasterKeyMeansNothingOpens() {
    String envelope = box(K1).seal(RECORD, SECRET);
    assertThatThrownBy(() -> SecretBox.NONE.open(RECORD, envelope)).hasMessageContaining("no master key");
  }

  @Test
  void malformedEnvelopesAreRefused() {
    SecretBox box = box(K1);
    assertThatThrownBy(() -> box.open(RECORD, "enc:v2:k1:abc")).hasMessageContaining("unsupported envelope version");
    assertThatThrownBy(() -> box.open(RECORD, "enc:v1:k1")).hasMessageContaining("malformed");
    assertThatThrownBy(() -> box.open(RECORD, "enc:v1:k1:!!!")).hasMessageContaining("malformed");
    assertThatThrownBy(() -> box.open(RECORD, "enc:v1:k1:AAAA")).hasMessageContaining("too short");
  }

  @Test
  void masterKeysAreCheckedByPropertyNeverShowingTheirValue(@TempDir Path dir) throws Exception {
    SecretsProperties properties = new SecretsProperties();
    String shortKey = "k3:" + Base64.getEncoder().encodeToString(new byte[16]);
    properties.setMasterKeys(List.of(K1, shortKey, "no-colon-secretvalue"));
    assertThatThrownBy(() -> MasterKeys.load(properties)).isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("ai.secrets.master-keys[1]: master key 'k3' has 16 bytes (expected: 32")
        .hasMessageContaining("ai.secrets.master-keys[2]")
        .hasMessageNotContaining(K1.substring(3)).hasMessageNotContaining("secretvalue");

    Path file = dir.resolve("master.keys");
    Files.writeString(file, "# rotation: new key first\n" + K2 + "\n" + K1 + "\n");
    SecretsProperties fromFile = new SecretsProperties();
    fromFile.setMasterKeyFile(file.toString());
    SecretBox box = MasterKeys.load(fromFile);
    assertThat(box.keyIds()).containsExactly("k2", "k1");
    assertThat(box.toString()).doesNotContain(K1.substring(3));

    SecretsProperties missing = new SecretsProperties();
    missing.setMasterKeyFile(dir.resolve("absent").toString());
    assertThatThrownBy(() -> MasterKeys.load(missing)).hasMessageContaining("ai.secrets.master-key-file");

    SecretsProperties duplicate = new SecretsProperties();
    duplicate.setMasterKeys(List.of(K1, K1));
    assertThatThrownBy(() -> MasterKeys.load(duplicate)).hasMessageContaining("'k1' is given twice");
  }
}
