package io.switchboard.ai.governance.secrets;

import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The {@link SecretBox} that opens encrypted provider credentials at startup ({@code ai.secrets.*}). */
@AutoConfiguration(before = SwitchboardAutoConfiguration.class)
@EnableConfigurationProperties(SecretsProperties.class)
public class SecretsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public SecretBox aiSecretBox(SecretsProperties properties) {
    return MasterKeys.load(properties);
  }
}
