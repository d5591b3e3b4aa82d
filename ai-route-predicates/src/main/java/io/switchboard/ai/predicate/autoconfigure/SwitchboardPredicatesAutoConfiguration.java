package io.switchboard.ai.predicate.autoconfigure;

import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import io.switchboard.ai.predicate.AiCapabilityRoutePredicateFactory;
import io.switchboard.ai.predicate.AiDialectRoutePredicateFactory;
import io.switchboard.ai.predicate.AiMetadataRoutePredicateFactory;
import io.switchboard.ai.predicate.AiModelRoutePredicateFactory;
import io.switchboard.ai.predicate.AiPromptTokensRoutePredicateFactory;
import io.switchboard.ai.request.AiRequestReader;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Registers the AI route predicate factories ({@code AiModel}, {@code AiPromptTokens}, {@code AiCapability},
 * {@code AiDialect}, {@code AiMetadata}) when the jar is on the classpath, and checks their use in the configured
 * routes at startup.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass(AbstractRoutePredicateFactory.class)
public class SwitchboardPredicatesAutoConfiguration {

  @Bean
  public AiModelRoutePredicateFactory aiModelRoutePredicateFactory(AiRequestReader reader) {
    return new AiModelRoutePredicateFactory(reader);
  }

  @Bean
  public AiPromptTokensRoutePredicateFactory aiPromptTokensRoutePredicateFactory(AiRequestReader reader) {
    return new AiPromptTokensRoutePredicateFactory(reader);
  }

  @Bean
  public AiCapabilityRoutePredicateFactory aiCapabilityRoutePredicateFactory(AiRequestReader reader) {
    return new AiCapabilityRoutePredicateFactory(reader);
  }

  @Bean
  public AiDialectRoutePredicateFactory aiDialectRoutePredicateFactory() {
    return new AiDialectRoutePredicateFactory();
  }

  @Bean
  public AiMetadataRoutePredicateFactory aiMetadataRoutePredicateFactory(AiRequestReader reader) {
    return new AiMetadataRoutePredicateFactory(reader);
  }

  @Bean
  AiPredicateValidator aiPredicateValidator(GatewayProperties gateway, ConfigurationService configuration,
      Environment environment, AiModelRoutePredicateFactory model, AiPromptTokensRoutePredicateFactory tokens,
      AiCapabilityRoutePredicateFactory capability, AiDialectRoutePredicateFactory dialect,
      AiMetadataRoutePredicateFactory metadata) {
    return new AiPredicateValidator(gateway, configuration, environment,
        List.of(model, tokens, capability, dialect, metadata));
  }
}
