package io.switchboard.ai.observe.tracing;

import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * GenAI attributes and per-attempt spans when the OpenTelemetry API is on the classpath
 * ({@code ai.observability.tracing.enabled}, default true; {@code ai.observability.tracing.server-span}: start a
 * server span for AI requests when no instrumentation did, default true).
 */
@AutoConfiguration
@ConditionalOnClass(name = {"io.opentelemetry.api.OpenTelemetry", "org.springframework.web.server.WebFilter"})
@ConditionalOnBooleanProperty(name = "ai.observability.tracing.enabled", matchIfMissing = true)
public class TracingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public AiTracingWebFilter aiTracingWebFilter(ObjectProvider<OpenTelemetry> openTelemetry, Environment environment) {
    return new AiTracingWebFilter(openTelemetry::getIfUnique,
        environment.getProperty("ai.observability.tracing.server-span", Boolean.class, true));
  }
}
