package io.switchboard.ai.governance.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.governance.audit.AuditEntry;
import io.switchboard.ai.governance.audit.AuditLog;
import io.switchboard.ai.provider.AiProperties;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every provider whose credentials were envelopes gets one credential.loaded audit entry, without any value. */
class CredentialAuditTest {

  @Test
  @SuppressWarnings("unchecked")
  void sealedCredentialsAreAuditedByPropertyAndMasterKeyIdOnly() {
    SecretBox box = EncryptedProviderCredentialsTest.BOX;
    String envelope = box.seal("ai.providers.openai.api-key", EncryptedProviderCredentialsTest.SECRET);
    String header = box.seal("ai.providers.openai.headers.x-org-token", "org-secret-value");
    AiProperties properties = EncryptedProviderCredentialsTest.properties(envelope,
        Map.of("x-org-token", header, "x-plain", "plain-header-value"));
    AiProperties.ProviderProperties plain = new AiProperties.ProviderProperties();
    plain.setType("openai");
    plain.setApiKey("sk-plain-provider-key-0000");
    properties.getProviders().put("plain", plain);

    AuditLog audit = new AuditLog(10, Clock.systemUTC());
    SealedCredentials.audit(properties, audit);

    List<AuditEntry> entries = audit.query(null, null, 10);
    assertThat(entries).hasSize(1);
    AuditEntry entry = entries.get(0);
    assertThat(entry.action()).isEqualTo("credential.loaded");
    assertThat(entry.actor()).isEqualTo("config");
    assertThat(entry.target()).isEqualTo("provider:openai");
    assertThat(entry.after()).containsEntry("masterKeyIds", List.of("k1"));
    assertThat((List<Object>) entry.after().get("properties")).containsExactlyInAnyOrder(
        "ai.providers.openai.api-key", "ai.providers.openai.headers.x-org-token");
    assertThat(entry.toString()).doesNotContain(EncryptedProviderCredentialsTest.SECRET)
        .doesNotContain("org-secret-value").doesNotContain(envelope).doesNotContain(header)
        .doesNotContain("sk-plain-provider-key").doesNotContain("plain-header-value");
  }

  @Test
  void sealedEntraSecretsOfAnAzureProviderAreAuditedToo() {
    SecretBox box = EncryptedProviderCredentialsTest.BOX;
    AiProperties properties = new AiProperties();
    AiProperties.ProviderProperties azure = new AiProperties.ProviderProperties();
    azure.setType("azure");
    azure.getEntra().setClientSecret(box.seal("ai.providers.azure.entra.client-secret", "s3cr3t-entra-value"));
    properties.getProviders().put("azure", azure);

    AuditLog audit = new AuditLog(10, Clock.systemUTC());
    SealedCredentials.audit(properties, audit);

    List<AuditEntry> entries = audit.query(null, null, 10);
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).target()).isEqualTo("provider:azure");
    assertThat(entries.get(0).after()).containsEntry("properties",
        List.of("ai.providers.azure.entra.client-secret"));
    assertThat(entries.get(0).toString()).doesNotContain("s3cr3t-entra-value");
  }
}
