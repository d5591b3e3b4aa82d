package io.switchboard.ai.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.provider.InvalidConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PrefixAffinityPropertiesTest {

  @Test
  void defaultsAreTheEngineDefaults() {
    assertThat(new PrefixAffinityProperties().toSettings()).isEqualTo(PrefixAffinitySettings.DEFAULTS);
  }

  @Test
  void outOfRangeValuesAreNamed() {
    PrefixAffinityProperties properties = new PrefixAffinityProperties();
    properties.setCapacityBlocks(0);
    assertThatThrownBy(properties::toSettings).isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("capacityBlocks must be > 0");
  }

  @Test
  void serviceNamesAreCaseInsensitive() {
    PrefixAffinityServices services = new PrefixAffinityServices(List.of("vLLM"), PrefixAffinitySettings.DEFAULTS);
    assertThat(services.enabled("VLLM")).isTrue();
    assertThat(services.enabled("other")).isFalse();
    assertThat(services.enabled(null)).isFalse();
    assertThat(services.inFlight("vllm", "10.0.0.1:8000")).isZero();
  }
}
