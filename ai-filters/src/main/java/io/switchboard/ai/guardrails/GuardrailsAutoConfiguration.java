package io.switchboard.ai.guardrails;

import io.switchboard.ai.autoconfigure.SwitchboardAutoConfiguration;
import io.switchboard.ai.provider.InvalidConfigurationException;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.request.AiRequestReader;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.context.annotation.Bean;
import reactor.netty.http.client.HttpClient;

/**
 * Guardrails: the {@code ai.guardrails} policies, compiled and validated at startup, the {@code AiGuardrails} filter
 * factory, and the check of every route's {@code AiGuardrails} arguments.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@EnableConfigurationProperties(GuardrailsProperties.class)
public class GuardrailsAutoConfiguration {

  private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

  @Bean
  @ConditionalOnMissingBean
  public Guardrails aiGuardrails(GuardrailsProperties properties, ProviderRegistry providers,
      ObjectProvider<HttpClient> httpClient) {
    try {
      return new Guardrails(properties, providers, httpClient.getIfAvailable(HttpClient::create));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("Invalid Switchboard guardrails configuration",
          List.of(e.getMessage()));
    }
  }

  @Bean
  public AiGuardrailsGatewayFilterFactory aiGuardrailsGatewayFilterFactory(Guardrails guardrails,
      AiRequestReader reader) {
    return new AiGuardrailsGatewayFilterFactory(guardrails, reader);
  }

  @Bean
  SmartInitializingSingleton aiGuardrailsRouteValidator(ObjectProvider<GatewayProperties> gateway,
      AiGuardrailsGatewayFilterFactory factory) {
    return () -> {
      GatewayProperties properties = gateway.getIfAvailable();
      if (properties == null) {
        return;
      }
      List<String> problems = new ArrayList<>();
      for (FilterDefinition filter : properties.getDefaultFilters()) {
        if (filter.getName().equals("AiGuardrails")) {
          String problem = factory.validate("default", filter.getArgs());
          if (problem != null) {
            problems.add("spring.cloud.gateway.server.webflux.default-filters: " + problem);
          }
        }
      }
      List<RouteDefinition> routes = properties.getRoutes();
      for (int i = 0; i < routes.size(); i++) {
        RouteDefinition route = routes.get(i);
        for (FilterDefinition filter : route.getFilters()) {
          if (filter.getName().equals("AiGuardrails")) {
            String problem = factory.validate(route.getId(), filter.getArgs());
            if (problem != null) {
              problems.add(ROUTES + "[" + i + "] (id " + route.getId() + "): " + problem);
            }
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidConfigurationException("Invalid Switchboard route configuration", problems);
      }
    };
  }
}
