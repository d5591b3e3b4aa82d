package io.switchboard.ai.autoconfigure;

import io.switchboard.ai.auth.ClientKeys;
import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.error.AiErrorWebExceptionHandler;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.ai.filter.AiAuthGatewayFilterFactory;
import io.switchboard.ai.governance.audit.AuditEndpoint;
import io.switchboard.ai.governance.keys.AdminAuthWebFilter;
import io.switchboard.ai.governance.keys.Governance;
import io.switchboard.ai.governance.GovernanceProperties;
import io.switchboard.ai.governance.keys.KeyService;
import io.switchboard.ai.governance.keys.KeysEndpoint;
import io.switchboard.ai.governance.keys.TeamsEndpoint;
import io.switchboard.ai.filter.AiFailoverGatewayFilterFactory;
import io.switchboard.ai.filter.AiProviderGatewayFilterFactory;
import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.provider.anthropic.AnthropicChatTranslator;
import io.switchboard.ai.provider.anthropic.AnthropicInboundTranslator;
import io.switchboard.ai.provider.bedrock.BedrockConverseTranslator;
import io.switchboard.ai.provider.cohere.CohereChatTranslator;
import io.switchboard.ai.provider.cohere.CohereEmbeddingsTranslator;
import io.switchboard.ai.provider.gemini.GeminiChatTranslator;
import io.switchboard.ai.provider.gemini.GeminiEmbeddingsTranslator;
import io.switchboard.ai.provider.gemini.GeminiInboundEmbeddings;
import io.switchboard.ai.provider.gemini.GeminiInboundTranslator;
import io.switchboard.ai.provider.ollama.OllamaChatTranslator;
import io.switchboard.ai.provider.openai.ResponsesInboundTranslator;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.JsonBodyScanner;
import io.switchboard.ai.routing.AiRouteHandler;
import io.switchboard.ai.routing.AiRoutingFilter;
import io.switchboard.ai.routing.FailoverRoutes;
import io.switchboard.ai.web.AiTargetsEndpoint;
import io.switchboard.ai.web.ModelsHandler;
import io.switchboard.ai.web.NoAiRouteHandlerMapping;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.http.client.HttpClient;

/**
 * Registers Switchboard's filter factories, routing filter and endpoints when the jar is on a Spring Cloud Gateway
 * (server-webflux) classpath. Nothing else needs wiring; {@code AiModel} comes from the predicates module's own
 * auto-configuration.
 */
@AutoConfiguration(after = GatewayAutoConfiguration.class)
@ConditionalOnClass(GlobalFilter.class)
@EnableConfigurationProperties({AiProperties.class, GovernanceProperties.class})
public class SwitchboardAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public ProviderRegistry aiProviderRegistry(AiProperties properties,
      ObjectProvider<io.switchboard.ai.governance.secrets.SecretBox> secrets) {
    return new ProviderRegistry(properties,
        secrets.getIfUnique(() -> io.switchboard.ai.governance.secrets.SecretBox.NONE));
  }

  @Bean
  @ConditionalOnMissingBean
  public AiRequestReader aiRequestReader(AiProperties properties) {
    return new AiRequestReader(properties.getLimits().getMaxBodySize().toBytes(),
        new JsonBodyScanner(properties.getLimits().getMaxJsonDepth()));
  }

  @Bean
  @ConditionalOnMissingBean
  public ClientKeys aiClientKeys(AiProperties properties) {
    return new ClientKeys(properties.getAuth().getApiKeys());
  }

  @Bean
  @ConditionalOnMissingBean
  public ModelCatalog aiModelCatalog(AiProperties properties) {
    return Catalogs.load(properties.getCatalog());
  }

  /**
   * The routing engine. Its clock (timestamps of translated answers, expiry of Google access tokens) is the
   * application's {@link Clock} bean when it has exactly one, else the system clock.
   */
  @Bean
  @ConditionalOnMissingBean
  public TargetRegistry aiTargetRegistry(AiProperties properties) {
    return new TargetRegistry(properties.getResilience().getCircuit().toSettings());
  }

  @Bean
  @ConditionalOnMissingBean
  public FailoverRoutes aiFailoverRoutes(AiProperties properties, TargetRegistry registry, ModelCatalog catalog,
      ProviderRegistry providers, ObjectProvider<RouteDefinitionLocator> definitions) {
    return new FailoverRoutes(properties.getResilience(), registry, catalog, providers, definitions.getIfAvailable());
  }

  @Bean
  public AiFailoverGatewayFilterFactory aiFailoverGatewayFilterFactory(ProviderRegistry providers,
      FailoverRoutes routes) {
    return new AiFailoverGatewayFilterFactory(providers, routes);
  }

  /** {@code /actuator/aitargets} when Spring Boot Actuator is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class TargetsEndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AiTargetsEndpoint aiTargetsEndpoint(FailoverRoutes routes) {
      return new AiTargetsEndpoint(routes);
    }
  }

  @Bean
  @ConditionalOnMissingBean
  public AiRouteHandler aiRouteHandler(AiRequestReader reader, ObjectProvider<HttpClient> httpClient,
      AiProperties properties, ModelCatalog catalog, FailoverRoutes failoverRoutes, ObjectProvider<Clock> clock) {
    return new AiRouteHandler(reader, httpClient.getIfAvailable(HttpClient::create),
        properties.getLimits().getMaxResponseSize().toBytes(),
        Map.of(Dialect.ANTHROPIC, new AnthropicChatTranslator(), Dialect.GEMINI, new GeminiChatTranslator(),
            Dialect.COHERE, new CohereChatTranslator(), Dialect.BEDROCK, new BedrockConverseTranslator(),
            Dialect.OLLAMA, new OllamaChatTranslator()),
        Map.of(Dialect.GEMINI, new GeminiEmbeddingsTranslator(), Dialect.COHERE, new CohereEmbeddingsTranslator()),
        Map.of(Dialect.ANTHROPIC, new AnthropicInboundTranslator(), Dialect.GEMINI, new GeminiInboundTranslator(),
            Dialect.RESPONSES, new ResponsesInboundTranslator()),
        Map.of(Dialect.GEMINI, new GeminiInboundEmbeddings()), catalog, properties.getCost().isInUsage(),
        clock.getIfUnique(Clock::systemUTC), failoverRoutes);
  }

  @Bean
  public AiRoutingFilter aiRoutingFilter(AiRouteHandler handler, ProviderRegistry providers) {
    return new AiRoutingFilter(handler, providers);
  }

  @Bean
  public AiProviderGatewayFilterFactory aiProviderGatewayFilterFactory(ProviderRegistry providers) {
    return new AiProviderGatewayFilterFactory(providers);
  }

  @Bean
  public AiAuthGatewayFilterFactory aiAuthGatewayFilterFactory(ClientKeys keys, AiProperties properties,
      Governance governance, AiRequestReader reader) {
    return new AiAuthGatewayFilterFactory(keys, properties.getAuth().isStripCredentials(), governance.keys(), reader);
  }

  /**
   * Virtual keys, teams and the audit log ({@code ai.governance.*}); inert unless configured. Built after the
   * providers, so the audit log starts with a {@code credential.loaded} entry per provider with encrypted credentials.
   */
  @Bean
  @ConditionalOnMissingBean
  public Governance aiGovernance(GovernanceProperties properties, ObjectProvider<Clock> clock,
      ObjectProvider<io.switchboard.ai.governance.keys.KeyStore> store, AiProperties ai, ProviderRegistry providers) {
    Governance governance = new Governance(properties, clock.getIfUnique(Clock::systemUTC), store.getIfUnique());
    io.switchboard.ai.governance.secrets.SealedCredentials.audit(ai, governance.audit());
    return governance;
  }

  /** {@code ai.governance.key-store=redis}: keys and teams shared through Redis, read from a local copy. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.data.redis.core.ReactiveStringRedisTemplate")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "ai.governance.key-store",
      havingValue = "redis")
  static class RedisKeyStoreConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(io.switchboard.ai.governance.keys.KeyStore.class)
    io.switchboard.ai.governance.keys.RedisKeyStore aiRedisKeyStore(
        org.springframework.data.redis.connection.ReactiveRedisConnectionFactory factory,
        GovernanceProperties properties) {
      return new io.switchboard.ai.governance.keys.RedisKeyStore(
          new org.springframework.data.redis.core.ReactiveStringRedisTemplate(factory), properties.getRedisPrefix(),
          java.time.Duration.ofSeconds(5));
    }
  }

  /** With Spring Security present, its authorities are the roles {@code ai.governance.admin-roles} names. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.security.core.Authentication")
  static class SpringSecurityRolesConfiguration {

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(
        io.switchboard.ai.governance.keys.AdminRoles.class)
    io.switchboard.ai.governance.keys.AdminRoles aiSpringSecurityAdminRoles() {
      return new io.switchboard.ai.governance.keys.SpringSecurityAdminRoles();
    }
  }

  @Bean
  public AdminAuthWebFilter aiGovernanceAdminFilter(Governance governance,
      org.springframework.core.env.Environment environment,
      ObjectProvider<io.switchboard.ai.governance.keys.AdminRoles> roles) {
    return new AdminAuthWebFilter(governance,
        environment.getProperty("management.endpoints.web.base-path", "/actuator"),
        roles.getIfUnique(() -> io.switchboard.ai.governance.keys.AdminRoles.NONE));
  }

  /** {@code /actuator/aikeys}, {@code aiteams}, {@code aiaudit} when actuator is present and virtual keys are used. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  @org.springframework.context.annotation.Conditional(io.switchboard.ai.governance.keys.OnGovernanceUsed.class)
  static class GovernanceEndpointsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KeysEndpoint aiKeysEndpoint(Governance governance) {
      KeyService keys = java.util.Objects.requireNonNull(governance.keys());
      return new KeysEndpoint(keys, governance.properties().getRotationGrace());
    }

    @Bean
    @ConditionalOnMissingBean
    TeamsEndpoint aiTeamsEndpoint(Governance governance) {
      KeyService keys = java.util.Objects.requireNonNull(governance.keys());
      return new TeamsEndpoint(keys);
    }

    @Bean
    @ConditionalOnMissingBean
    AuditEndpoint aiAuditEndpoint(Governance governance) {
      KeyService keys = java.util.Objects.requireNonNull(governance.keys());
      return new AuditEndpoint(keys.audit());
    }
  }

  @Bean
  public AiErrorWebExceptionHandler aiErrorWebExceptionHandler() {
    return new AiErrorWebExceptionHandler();
  }

  @Bean
  public NoAiRouteHandlerMapping noAiRouteHandlerMapping(AiRequestReader reader) {
    return new NoAiRouteHandlerMapping(reader);
  }

  @Bean
  AiRouteValidator aiRouteValidator(GatewayProperties gateway, ProviderRegistry providers,
      ClientKeys keys, AiFailoverGatewayFilterFactory failover, Governance governance) {
    return new AiRouteValidator(gateway, providers, keys, failover, governance.keys() != null);
  }

  /** {@code GET /v1/models}; switch off with {@code ai.models-endpoint.enabled=false}. */
  @Bean
  @ConditionalOnBooleanProperty(name = "ai.models-endpoint.enabled", matchIfMissing = true)
  public RouterFunction<ServerResponse> aiModelsRouterFunction(RouteDefinitionLocator routes,
      ProviderRegistry providers, ModelCatalog catalog) {
    ModelsHandler handler = new ModelsHandler(routes, providers, catalog);
    return RouterFunctions.route()
        .GET("/v1/models", handler::list)
        .GET("/v1/models/{id}", handler::one)
        .build();
  }
}
