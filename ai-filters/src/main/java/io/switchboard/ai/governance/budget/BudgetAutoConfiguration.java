package io.switchboard.ai.governance.budget;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.provider.InvalidConfigurationException;
import io.switchboard.ai.request.AiRequestReader;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The {@code AiBudget} filter factory and its store ({@code ai.budget.*}). */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass(GlobalFilter.class)
@EnableConfigurationProperties(BudgetProperties.class)
public class BudgetAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "ai.budget.store", havingValue = "memory", matchIfMissing = true)
  public BudgetStore aiBudgetStore(ObjectProvider<Clock> clock) {
    return new InMemoryBudgetStore(clock.getIfUnique(Clock::systemUTC));
  }

  /** {@code ai.budget.store=redis}: the store shared by instances, on Spring Data Redis's reactive connection. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.data.redis.core.ReactiveStringRedisTemplate")
  @ConditionalOnProperty(name = "ai.budget.store", havingValue = "redis")
  static class RedisStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BudgetStore aiBudgetStore(ReactiveRedisConnectionFactory connections, BudgetProperties properties) {
      return new RedisBudgetStore(new ReactiveStringRedisTemplate(connections), properties.getRedisKeyPrefix());
    }
  }

  @Bean
  @ConditionalOnMissingBean
  public BudgetSubjects aiBudgetSubjects(BudgetProperties properties) {
    return BudgetSubjects.headers(properties.getUserHeader(), properties.getTeamHeader());
  }

  @Bean
  public AiBudgetGatewayFilterFactory aiBudgetGatewayFilterFactory(AiRequestReader reader,
      ObjectProvider<BudgetStore> stores,
      ModelCatalog catalog, BudgetSubjects subjects, ObjectProvider<BudgetAlerts> alerts, BudgetProperties properties,
      ObjectProvider<Clock> clock) {
    BudgetStore store = stores.getIfUnique();
    if (store == null) {
      throw new InvalidConfigurationException("ai.budget", java.util.List.of("ai.budget.store: '"
          + properties.getStore() + "' is not available (supported: memory, and redis with "
          + "spring-boot-starter-data-redis-reactive on the classpath)"));
    }
    BudgetPricing pricing = new BudgetPricing(catalog, properties.getFallbackInputPerMtok(),
        properties.getFallbackOutputPerMtok(), properties.getDefaultMaxTokens());
    return new AiBudgetGatewayFilterFactory(reader, store, pricing, subjects,
        alerts.getIfUnique(() -> BudgetAlerts.NONE), clock.getIfUnique(Clock::systemUTC),
        properties.getReservationTtl(), properties.getStoreTimeout());
  }

  /** {@code /actuator/aibudgets} (budget resets) when actuator is present and virtual keys are used. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  @org.springframework.context.annotation.Conditional(io.switchboard.ai.governance.keys.OnGovernanceUsed.class)
  static class BudgetsEndpointConfiguration {

    // The store is looked up when used: this nested configuration is read before the outer one's store beans.
    @Bean
    @ConditionalOnMissingBean
    BudgetsEndpoint aiBudgetsEndpoint(io.switchboard.ai.governance.keys.Governance governance,
        ObjectProvider<BudgetStore> store) {
      return new BudgetsEndpoint(java.util.Objects.requireNonNull(governance.keys()), store::getIfUnique);
    }
  }

  /** Counters when Micrometer is there: {@code switchboard.budget.alerts}, {@code .refusals}, {@code .store.errors}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class BudgetMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MeterRegistry.class)
    BudgetAlerts aiBudgetMetrics(MeterRegistry registry) {
      return new BudgetAlerts() {
        @Override
        public void thresholdCrossed(String budget, double threshold) {
          registry.counter("switchboard.budget.alerts", "budget", budget, "threshold", Double.toString(threshold))
              .increment();
        }

        @Override
        public void refused(String budget) {
          registry.counter("switchboard.budget.refusals", "budget", budget).increment();
        }

        @Override
        public void storeUnavailable() {
          registry.counter("switchboard.budget.store.errors").increment();
        }
      };
    }
  }
}
