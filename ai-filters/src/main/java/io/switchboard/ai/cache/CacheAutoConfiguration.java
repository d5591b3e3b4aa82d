package io.switchboard.ai.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.request.AiRequestReader;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import reactor.netty.http.client.HttpClient;

/** The {@code AiSemanticCache} filter factory, its store and embeddings ({@code ai.cache.*}). */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass(GlobalFilter.class)
@EnableConfigurationProperties(CacheProperties.class)
public class CacheAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "ai.cache.store", havingValue = "memory", matchIfMissing = true)
  public CacheStore aiCacheStore(CacheProperties properties) {
    return new MemoryCacheStore(properties.getMaxEntries(), properties.getMaxBytes().toBytes());
  }

  /** {@code ai.cache.store=redis}: entries shared by instances, on Spring Data Redis's reactive connection. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.data.redis.core.ReactiveRedisTemplate")
  @ConditionalOnProperty(name = "ai.cache.store", havingValue = "redis")
  static class RedisStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CacheStore aiCacheStore(ReactiveRedisConnectionFactory connections, CacheProperties properties) {
      return new RedisCacheStore(connections, properties.getRedisKeyPrefix(),
          properties.getCompressAbove().toBytes());
    }
  }

  @Bean(destroyMethod = "close")
  public AiSemanticCacheGatewayFilterFactory aiSemanticCacheGatewayFilterFactory(AiRequestReader reader,
      ObjectProvider<CacheStore> stores, CacheProperties properties, ProviderRegistry providers,
      ObjectProvider<HttpClient> httpClient, ObjectProvider<CacheMetrics> metrics, ObjectProvider<Clock> clock) {
    CacheStore store = stores.getIfUnique();
    if (store == null) {
      throw new io.switchboard.ai.provider.InvalidConfigurationException("ai.cache", java.util.List.of(
          "ai.cache.store: '" + properties.getStore() + "' is not available (supported: memory, and redis with "
              + "spring-boot-starter-data-redis-reactive on the classpath)"));
    }
    Clock time = clock.getIfUnique(Clock::systemUTC);
    ExecutorService indexBuilder = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "switchboard-cache-index");
      thread.setDaemon(true);
      thread.setPriority(Thread.MIN_PRIORITY);
      return thread;
    });
    VectorIndex index = new VectorIndex(properties.getSemantic().getExactSearchMax(),
        Math.max(properties.getMaxEntries(), 1), indexBuilder, time::millis);
    AiSemanticCacheGatewayFilterFactory factory = new AiSemanticCacheGatewayFilterFactory(reader, store,
        properties, embedder(properties, providers, httpClient), index, metrics.getIfUnique(() -> CacheMetrics.NONE),
        time);
    factory.followSharedIndex();
    return factory;
  }

  private static Embedder embedder(CacheProperties properties, ProviderRegistry providers,
      ObjectProvider<HttpClient> httpClient) {
    CacheProperties.Semantic semantic = properties.getSemantic();
    if (semantic.getEmbeddingsProvider().equals("local")) {
      return LocalEmbedder.available() ? new LocalEmbedder(2) : null;
    }
    Provider provider = providers.find(semantic.getEmbeddingsProvider());
    return provider == null ? null : new ProviderEmbedder(httpClient.getIfAvailable(HttpClient::create), provider,
        semantic.getEmbeddingsModel(), semantic.getEmbeddingsTimeout());
  }

  @Bean
  static AiCacheRouteValidator aiCacheRouteValidator(ObjectProvider<GatewayProperties> gateway,
      ObjectProvider<AiSemanticCacheGatewayFilterFactory> factory) {
    return new AiCacheRouteValidator(gateway, factory);
  }

  /** {@code switchboard.cache.requests} and {@code switchboard.cache.savings.usd} when Micrometer is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class CacheMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MeterRegistry.class)
    CacheMetrics aiCacheMetrics(MeterRegistry registry) {
      return CacheMetrics.micrometer(registry);
    }
  }
}
