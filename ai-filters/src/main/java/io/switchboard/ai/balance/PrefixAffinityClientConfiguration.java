package io.switchboard.ai.balance;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Load balancer configuration applied to every Spring Cloud LoadBalancer client (registered as a default
 * configuration by {@link PrefixAffinityAutoConfiguration}); it defines a {@link PrefixAffinityLoadBalancer} only
 * for the services named in {@code ai.load-balancing.prefix-affinity.services}. Every other service keeps Spring
 * Cloud's default round-robin, and a service with its own {@code @LoadBalancerClient} balancer keeps that one.
 * The instances themselves (static {@code spring.cloud.discovery.client.simple.instances.<service>}, or any
 * discovery client, with health checks or caching) come from the usual {@link ServiceInstanceListSupplier}.
 */
@Configuration(proxyBeanMethods = false)
public class PrefixAffinityClientConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @Conditional(OptedIn.class)
  public ReactorLoadBalancer<ServiceInstance> prefixAffinityLoadBalancer(Environment environment,
      LoadBalancerClientFactory clients, PrefixAffinityServices services) {
    String name = LoadBalancerClientFactory.getName(environment);
    return new PrefixAffinityLoadBalancer(clients.getLazyProvider(name, ServiceInstanceListSupplier.class), services,
        name);
  }

  /** Whether the client context's service is named in {@code ai.load-balancing.prefix-affinity.services}. */
  static final class OptedIn implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String name = LoadBalancerClientFactory.getName(context.getEnvironment());
      List<String> services = Binder.get(context.getEnvironment())
          .bind(PrefixAffinityProperties.SERVICES, Bindable.listOf(String.class)).orElse(List.of());
      return name != null && new PrefixAffinityServices(services, PrefixAffinitySettings.DEFAULTS).enabled(name);
    }
  }
}
