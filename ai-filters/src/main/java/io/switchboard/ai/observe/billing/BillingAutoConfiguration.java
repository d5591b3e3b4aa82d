package io.switchboard.ai.observe.billing;

import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import io.switchboard.ai.provider.InvalidConfigurationException;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The billing ledger ({@code ai.observability.billing.*}), a usage sink, and {@code /actuator/aibilling}. */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass(GlobalFilter.class)
@ConditionalOnBooleanProperty(name = "ai.observability.billing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BillingProperties.class)
public class BillingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "ai.observability.billing.store", havingValue = "memory", matchIfMissing = true)
  public BillingStore aiBillingStore(BillingProperties properties, ObjectProvider<Clock> clock) {
    return new InMemoryBillingStore(clock.getIfUnique(Clock::systemUTC), properties.getRetention().getHours(),
        properties.getRetention().getDays(), properties.getMaxCells());
  }

  /** {@code ai.observability.billing.store=redis}: shared by instances, on Spring Data Redis's connection. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.data.redis.core.ReactiveStringRedisTemplate")
  @ConditionalOnProperty(name = "ai.observability.billing.store", havingValue = "redis")
  static class RedisStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BillingStore aiBillingStore(ReactiveRedisConnectionFactory connections, BillingProperties properties) {
      return new RedisBillingStore(new ReactiveStringRedisTemplate(connections), properties.getRedisKeyPrefix(),
          properties.getRetention().getHours(), properties.getRetention().getDays(), properties.getRedisTimeout());
    }
  }

  @Bean
  @ConditionalOnMissingBean
  public BillingLedger aiBillingLedger(ObjectProvider<BillingStore> stores, BillingProperties properties) {
    BillingStore store = stores.getIfUnique();
    if (store == null) {
      throw new InvalidConfigurationException("ai.observability.billing", java.util.List.of(
          "ai.observability.billing.store: '" + properties.getStore() + "' is not available (supported: memory, "
              + "and redis with spring-boot-starter-data-redis-reactive on the classpath)"));
    }
    return new BillingLedger(store);
  }

  /** {@code /actuator/aibilling}, guarded by {@code AdminAuthWebFilter} like {@code aikeys}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BillingEndpoint aiBillingEndpoint(BillingLedger ledger, ObjectProvider<Clock> clock) {
      return new BillingEndpoint(ledger, clock.getIfUnique(Clock::systemUTC));
    }
  }
}
