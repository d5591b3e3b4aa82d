package io.switchboard.ai.predicate.autoconfigure;

import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import io.switchboard.ai.predicate.AiModelRoutePredicateFactory;
import io.switchboard.ai.request.AiRequestReader;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.context.annotation.Bean;

/** Registers the {@code AiModel} route predicate factory when the jar is on the classpath. */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass(AbstractRoutePredicateFactory.class)
public class SwitchboardPredicatesAutoConfiguration {

  @Bean
  public AiModelRoutePredicateFactory aiModelRoutePredicateFactory(AiRequestReader reader) {
    return new AiModelRoutePredicateFactory(reader);
  }
}
