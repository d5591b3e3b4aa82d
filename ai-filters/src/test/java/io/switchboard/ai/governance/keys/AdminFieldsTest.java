package io.switchboard.ai.governance.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminFieldsTest {

  @Test
  void listsAndMapsFromTextOrJson() {
    assertThat(AdminFields.list("models", "gpt-4o, claude-*")).containsExactly("gpt-4o", "claude-*");
    assertThat(AdminFields.list("models", "[\"a\",\"b\"]")).containsExactly("a", "b");
    assertThat(AdminFields.list("models", null)).isNull();
    assertThat(AdminFields.map("metadata", "a=1,b=2")).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(AdminFields.map("metadata", "{\"a\":\"x\"}")).isEqualTo(Map.of("a", "x"));
    assertThatThrownBy(() -> AdminFields.list("models", "[1,2]")).isInstanceOf(GovernanceException.class);
    assertThatThrownBy(() -> AdminFields.map("metadata", "{\"a\":{\"$gt\":\"\"}}"))
        .isInstanceOf(GovernanceException.class);
    assertThatThrownBy(() -> AdminFields.list("models", "[\"secret\"")).isInstanceOf(GovernanceException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
  }
}
