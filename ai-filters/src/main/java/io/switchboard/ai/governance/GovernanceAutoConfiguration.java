package io.switchboard.ai.governance;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import io.switchboard.ai.governance.ratelimit.AiTokenRateLimiterGatewayFilterFactory;
import io.switchboard.ai.governance.ratelimit.LimitStore;
import io.switchboard.ai.governance.ratelimit.LocalLimitStore;
import io.switchboard.ai.governance.redis.RedisLimitStore;
import io.switchboard.ai.request.AiRequestReader;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Governance: the {@code AiTokenRateLimiter} filter and where its buckets live. In memory by default; with
 * {@code ai.governance.redis.enabled=true} in Redis through Spring Boot's Lettuce connection factory
 * ({@code spring.data.redis.*}), shared by every instance.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class,
    afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(GlobalFilter.class)
@EnableConfigurationProperties(GovernanceProperties.class)
public class GovernanceAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(LimitStore.class)
  @ConditionalOnBooleanProperty(name = "ai.governance.redis.enabled", havingValue = false, matchIfMissing = true)
  public LocalLimitStore aiLocalLimitStore() {
    return new LocalLimitStore();
  }

  @Bean
  public AiTokenRateLimiterGatewayFilterFactory aiTokenRateLimiterGatewayFilterFactory(LimitStore store,
      AiRequestReader reader, BeanFactory beans, GovernanceProperties properties) {
    return new AiTokenRateLimiterGatewayFilterFactory(store, reader, beans, properties.getRedis().getKeyPrefix());
  }

  /** Redis mode: needs Spring Data Redis with Lettuce on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
      "io.lettuce.core.RedisClient"})
  @ConditionalOnBooleanProperty(name = "ai.governance.redis.enabled")
  static class RedisStoreConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean(LimitStore.class)
    RedisLimitStore aiRedisLimitStore(LettuceConnectionFactory factory, GovernanceProperties properties) {
      return new RedisLimitStore(() -> {
        if (!(factory.getNativeClient() instanceof RedisClient client)) {
          throw new IllegalStateException("ai.governance.redis needs a standalone Redis (Lettuce RedisClient), got "
              + factory.getNativeClient());
        }
        return client;
      }, properties.getRedis());
    }
  }

  /** {@code switchboard.ratelimit.degraded}: 1 while the shared store is unreachable. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class DegradedGaugeConfiguration {

    @Bean
    Object aiRateLimitDegradedGauge(ObjectProvider<MeterRegistry> registry, ObjectProvider<LimitStore> store) {
      MeterRegistry meters = registry.getIfAvailable();
      LimitStore limits = store.getIfAvailable();
      if (meters != null && limits != null) {
        Gauge.builder("switchboard.ratelimit.degraded", limits, s -> s.degraded() ? 1 : 0)
            .description("1 while rate limits fall back to this instance's share (Redis unreachable)")
            .register(meters);
      }
      return new Object();
    }
  }
}
