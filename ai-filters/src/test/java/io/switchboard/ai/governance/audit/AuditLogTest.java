package io.switchboard.ai.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogTest {

  @Test
  void keepsTheNewestEntriesAndRedactsSecrets() {
    AuditLog log = new AuditLog(3, Clock.systemUTC());
    for (int i = 0; i < 5; i++) {
      log.record("admin:ops", "key.update", "key:k" + i, Map.of("note", "sk-live-abcdefghijkl"),
          Map.of("nested", Map.of("hash", "hmac:0123456789abcdef0123"), "list", List.of("sk-sb-ABCDEFGHIJ")));
    }
    List<AuditEntry> entries = log.query(null, null, 100);
    assertThat(entries).extracting(AuditEntry::target).containsExactly("key:k2", "key:k3", "key:k4");
    assertThat(entries.toString()).doesNotContain("sk-live-abcdefghijkl", "hmac:0123", "sk-sb-ABCDEFGHIJ")
        .contains("[redacted]");
    assertThat(log.query("key:k3", "admin:ops", 10)).hasSize(1);
    assertThat(log.query(null, null, 1)).extracting(AuditEntry::target).containsExactly("key:k4");
  }
}
