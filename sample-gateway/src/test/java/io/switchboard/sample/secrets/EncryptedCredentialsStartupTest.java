package io.switchboard.sample.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.governance.audit.AuditEntry;
import io.switchboard.ai.governance.keys.Governance;
import io.switchboard.ai.governance.secrets.SecretBox;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.sample.SampleGatewayApplication;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample gateway with an encrypted provider key: it starts with the master key (given as the environment would,
 * through Spring's relaxed binding of {@code ai.secrets.master-keys}), and refuses to start without it or with a
 * wrong one, naming the property and never the value, in the exception and in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class EncryptedCredentialsStartupTest {

  static final String SECRET = "sk-live-from-an-envelope";
  static final String MASTER = SecretBox.newMasterKey("k1");
  static final String ENVELOPE = SecretBox.of(List.of(SecretBox.MasterKey.parse(MASTER)), null)
      .seal("ai.providers.openai.api-key", SECRET);

  static ConfigurableApplicationContext start(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--spring.config.location=classpath:/none.yml",
        "--server.port=0", "--ai.providers.openai.type=openai", "--ai.providers.openai.api-key=" + ENVELOPE,
        "--spring.cloud.gateway.server.webflux.routes[0].id=openai",
        "--spring.cloud.gateway.server.webflux.routes[0].uri=ai://openai",
        "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/**"));
    args.addAll(List.of(more));
    return SpringApplication.run(SampleGatewayApplication.class, args.toArray(String[]::new));
  }

  @Test
  void startsWithTheMasterKeyAndUsesThePlaintext() {
    String other = SecretBox.newMasterKey("k2");
    try (ConfigurableApplicationContext context = start("--ai.secrets.master-keys=" + other + "," + MASTER)) {
      assertThat(context.getBean(ProviderRegistry.class).find("openai").apiKey()).isEqualTo(SECRET);
      // The audit log records which provider's credential came from an envelope and its key id, never a value.
      List<AuditEntry> audit = context.getBean(Governance.class).audit().query("provider:openai", null, 10);
      assertThat(audit).extracting(AuditEntry::action).containsExactly("credential.loaded");
      assertThat(audit.get(0).after()).containsEntry("masterKeyIds", List.of("k1"));
      assertThat(audit.toString()).doesNotContain(SECRET).doesNotContain(ENVELOPE)
          .doesNotContain(MASTER.substring(3));
    }
  }

  @Test
  void refusesToStartWithoutTheMasterKey(CapturedOutput output) {
    assertThatThrownBy(() -> start()).rootCause()
        .hasMessageContaining("ai.providers.openai.api-key: encrypted with master key 'k1', but no master key")
        .hasMessageNotContaining(ENVELOPE).hasMessageNotContaining(SECRET);
    assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain(ENVELOPE.substring(10));
  }

  @Test
  void refusesToStartWithAWrongMasterKey(CapturedOutput output) {
    String wrong = SecretBox.newMasterKey("k1");
    assertThatThrownBy(() -> start("--ai.secrets.master-keys=" + wrong)).rootCause()
        .hasMessageContaining("ai.providers.openai.api-key: cannot be decrypted with master key 'k1'");
    assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain(wrong.substring(3))
        .doesNotContain(ENVELOPE.substring(10));
  }
}
