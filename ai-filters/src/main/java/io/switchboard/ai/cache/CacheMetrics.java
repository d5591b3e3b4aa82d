package io.switchboard.ai.cache;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** Where the cache counts its verdicts; Micrometer's ({@code AiMetricNames.CACHE_*}) when the gateway has it. */
public interface CacheMetrics {

  CacheMetrics NONE = (route, verdict) -> { };

  void record(String route, AiCacheVerdict verdict);

  /** Counts {@code switchboard.cache.requests} (tags: result, route) and {@code switchboard.cache.savings.usd}. */
  static CacheMetrics micrometer(io.micrometer.core.instrument.MeterRegistry registry) {
    return (route, verdict) -> {
      registry.counter(io.switchboard.ai.observe.AiMetricNames.CACHE_REQUESTS, "result", verdict.usageValue(),
          "route", route).increment();
      @Nullable BigDecimal saved = verdict.savedCostUsd();
      if (verdict.hit() && saved != null) {
        registry.counter(io.switchboard.ai.observe.AiMetricNames.CACHE_SAVINGS, "route", route)
            .increment(saved.doubleValue());
      }
    };
  }
}
