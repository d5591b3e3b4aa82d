package io.switchboard.ai.governance.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.InvalidConfigurationException;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider credentials given as {@code enc:v1:…} envelopes are opened at startup by the provider registry. */
class EncryptedProviderCredentialsTest {

  static final String SECRET = "sk-live-provider-secret";
  static final SecretBox BOX = SecretBox.of(List.of(SecretBox.MasterKey.parse(SecretBox.newMasterKey("k1"))), null);

  static AiProperties properties(String apiKey, Map<String, String> headers) {
    AiProperties properties = new AiProperties();
    AiProperties.ProviderProperties p = new AiProperties.ProviderProperties();
    p.setType("openai");
    p.setApiKey(apiKey);
    p.setHeaders(new java.util.LinkedHashMap<>(headers));
    properties.getProviders().put("openai", p);
    return properties;
  }

  @Test
  void anEncryptedKeyIsOpenedAtStartupAndNeverShown() {
    String envelope = BOX.seal("ai.providers.openai.api-key", SECRET);
    String header = BOX.seal("ai.providers.openai.headers.x-org-token", "org-secret");
    Provider provider = new ProviderRegistry(properties(envelope, Map.of("x-org-token", header)), BOX)
        .find("openai");
    assertThat(provider.apiKey()).isEqualTo(SECRET);
    assertThat(provider.headers()).containsEntry("x-org-token", "org-secret");
    assertThat(provider.toString()).doesNotContain(SECRET);
  }

  @Test
  void plainValuesKeepWorking() {
    assertThat(new ProviderRegistry(properties(SECRET, Map.of()), SecretBox.NONE).find("openai").apiKey())
        .isEqualTo(SECRET);
  }

  @Test
  void startupRefusesAMissingMasterKeyNamingThePropertyButNotTheValue() {
    String envelope = BOX.seal("ai.providers.openai.api-key", SECRET);
    assertThatThrownBy(() -> new ProviderRegistry(properties(envelope, Map.of()), SecretBox.NONE))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("ai.providers.openai.api-key: encrypted with master key 'k1', but no master key")
        .hasMessageContaining("ai.secrets.master-keys")
        .hasMessageNotContaining(envelope).hasMessageNotContaining(SECRET)
        .hasMessageNotContaining("api-key: missing");
  }

  @Test
  void startupRefusesAWrongMasterKey() {
    String envelope = BOX.seal("ai.providers.openai.api-key", SECRET);
    SecretBox wrong = SecretBox.of(List.of(SecretBox.MasterKey.parse(SecretBox.newMasterKey("k1"))), null);
    assertThatThrownBy(() -> new ProviderRegistry(properties(envelope, Map.of()), wrong))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("ai.providers.openai.api-key: cannot be decrypted with master key 'k1'")
        .hasMessageNotContaining(envelope).hasMessageNotContaining(SECRET);
  }

  @Test
  void aKeySealedForAnotherProviderIsRefused() {
    String envelope = BOX.seal("ai.providers.anthropic.api-key", SECRET);
    assertThatThrownBy(() -> new ProviderRegistry(properties(envelope, Map.of()), BOX))
        .hasMessageContaining("another record");
  }
}
