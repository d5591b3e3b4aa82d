package io.switchboard.ai.observe;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import io.switchboard.ai.catalog.CatalogEntry;
import io.switchboard.ai.catalog.CostCalculator;
import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.ai.failover.TargetState;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Observability of AI requests ({@code ai.observability.*}): a usage record per request through the
 * {@link UsageWebFilter} and the {@link UsagePublisher} to every {@link UsageSink} bean (the JSON log line by
 * default; OpenTelemetry log records and a Redis Stream when switched on), the suite's Micrometer metrics fed from
 * the same records, and the {@code x-switchboard-overhead-ms}/{@code x-switchboard-target} response headers.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class,
    afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(GlobalFilter.class)
@ConditionalOnBooleanProperty(name = "ai.observability.usage.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservabilityProperties.class)
public class ObservabilityAutoConfiguration {

  @Bean
  @ConditionalOnBooleanProperty(name = "ai.observability.usage.sinks.log.enabled", matchIfMissing = true)
  public JsonLogUsageSink aiUsageLogSink() {
    return new JsonLogUsageSink();
  }

  @Bean
  public UsagePublisher aiUsagePublisher(ObjectProvider<UsageSink> sinks, ObservabilityProperties properties) {
    ObservabilityProperties.Usage usage = properties.getUsage();
    return new UsagePublisher(sinks.orderedStream().toList(), java.util.List.of(), usage.getQueueSize(),
        usage.getBatchSize(), usage.getShutdownTimeout());
  }

  @Bean
  public UsageWebFilter aiUsageWebFilter(UsagePublisher publisher, ObservabilityProperties properties,
      ObjectProvider<ProviderRegistry> providers, ObjectProvider<ModelCatalog> catalog) {
    return new UsageWebFilter(publisher, properties, pricer(providers.getIfAvailable(), catalog.getIfAvailable()));
  }

  /** Prices by the provider's type, then the bare model across providers (as the routing engine does). */
  static UsagePricer pricer(ProviderRegistry providers, ModelCatalog catalog) {
    if (catalog == null) {
      return null;
    }
    return (providerId, model, usage) -> {
      Provider provider = providers == null ? null : providers.find(providerId);
      Optional<CatalogEntry> entry = provider == null ? Optional.empty() : catalog.find(provider.type().id(), model);
      if (entry.isEmpty()) {
        entry = catalog.findByModel(model);
      }
      return entry.map(e -> CostCalculator.cost(e, usage)).orElse(null);
    };
  }

  /** Metrics, when the gateway has Micrometer and a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  @ConditionalOnBooleanProperty(name = "ai.observability.metrics.enabled", matchIfMissing = true)
  static class MetricsConfiguration {

    @Bean
    Object aiUsageMetrics(ObjectProvider<MeterRegistry> registry, UsagePublisher publisher,
        ObservabilityProperties properties, ObjectProvider<ProviderRegistry> providers,
        ObjectProvider<ModelCatalog> catalog, ObjectProvider<TargetRegistry> targets) {
      MeterRegistry meters = registry.getIfAvailable();
      if (meters == null) {
        return new Object();
      }
      ProviderRegistry known = providers.getIfAvailable();
      TargetRegistry targetRegistry = targets.getIfAvailable();
      ModelCatalog models = catalog.getIfAvailable();
      ModelTags tags = new ModelTags(properties.getMetrics().isRawModelTags(),
          configuredModels(known, targetRegistry), m -> models != null && models.findByModel(m).isPresent());
      UsageMetrics metrics = new UsageMetrics(meters, tags, targetRegistry);
      metrics.bind(publisher);
      publisher.addListener(metrics);
      return metrics;
    }

    /** Provider models and route targets' models; recomputed only when the number of targets changes. */
    static Supplier<Set<String>> configuredModels(ProviderRegistry providers, TargetRegistry targets) {
      Set<String> fixed = new HashSet<>();
      if (providers != null) {
        for (Provider p : providers.all()) {
          fixed.addAll(p.models());
        }
      }
      Object[] cache = {-1, Set.copyOf(fixed)};
      return () -> {
        int n = targets == null ? 0 : targets.all().size();
        if (n != (int) cache[0]) {
          Set<String> all = new HashSet<>(fixed);
          if (targets != null) {
            for (TargetState state : targets.all()) {
              int slash = state.key().indexOf('/');
              all.add(slash < 0 ? state.key() : state.key().substring(slash + 1));
            }
          }
          cache[1] = Set.copyOf(all);
          cache[0] = n;
        }
        @SuppressWarnings("unchecked")
        Set<String> set = (Set<String>) cache[1];
        return set;
      };
    }
  }

  /** OpenTelemetry log records, when switched on and the API is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.opentelemetry.api.OpenTelemetry")
  @ConditionalOnBooleanProperty(name = "ai.observability.usage.sinks.otel.enabled")
  static class OtelConfiguration {

    @Bean
    OtelUsageSink aiUsageOtelSink(ObjectProvider<io.opentelemetry.api.OpenTelemetry> openTelemetry) {
      return new OtelUsageSink(openTelemetry.getIfAvailable(io.opentelemetry.api.GlobalOpenTelemetry::get));
    }
  }

  /** The Redis Stream sink: Spring Boot's Lettuce connection factory ({@code spring.data.redis.*}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
      "io.lettuce.core.RedisClient"})
  @ConditionalOnBooleanProperty(name = "ai.observability.usage.sinks.redis-stream.enabled")
  static class RedisStreamConfiguration {

    @Bean(destroyMethod = "close")
    RedisStreamUsageSink aiUsageRedisStreamSink(LettuceConnectionFactory factory,
        ObservabilityProperties properties) {
      ObservabilityProperties.RedisStream settings = properties.getUsage().getSinks().getRedisStream();
      return new RedisStreamUsageSink(() -> {
        if (!(factory.getNativeClient() instanceof RedisClient client)) {
          throw new IllegalStateException("The usage Redis Stream needs a standalone Redis (Lettuce RedisClient), got "
              + factory.getNativeClient());
        }
        return client;
      }, settings.getKey(), settings.getMaxLen());
    }
  }
}
