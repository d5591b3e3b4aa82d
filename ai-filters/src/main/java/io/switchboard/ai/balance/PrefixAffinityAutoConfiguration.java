package io.switchboard.ai.balance;

import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import io.switchboard.ai.request.AiRequestReader;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Prefix-affinity load balancing for {@code lb://} routes, when Spring Cloud LoadBalancer is on the classpath:
 * the per-service state, the body and in-flight filters, and {@link PrefixAffinityClientConfiguration} as a
 * default configuration of every load balancer client. Services opt in with
 * {@code ai.load-balancing.prefix-affinity.services}; with none named, nothing changes.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer",
    "org.springframework.cloud.gateway.filter.GlobalFilter"})
@EnableConfigurationProperties(PrefixAffinityProperties.class)
public class PrefixAffinityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public PrefixAffinityServices prefixAffinityServices(PrefixAffinityProperties properties) {
    return new PrefixAffinityServices(properties.getServices(), properties.toSettings());
  }

  @Bean
  public PrefixAffinityBodyFilter prefixAffinityBodyFilter(AiRequestReader reader, PrefixAffinityServices services) {
    return new PrefixAffinityBodyFilter(reader, services);
  }

  @Bean
  public PrefixAffinityInFlightFilter prefixAffinityInFlightFilter() {
    return new PrefixAffinityInFlightFilter();
  }

  /** Nested so that the annotation is read only when the outer conditions hold (the class is on the classpath). */
  @Configuration(proxyBeanMethods = false)
  @LoadBalancerClients(defaultConfiguration = PrefixAffinityClientConfiguration.class)
  static class Clients {
  }
}
