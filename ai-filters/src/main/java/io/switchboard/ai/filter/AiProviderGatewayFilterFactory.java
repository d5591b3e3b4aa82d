package io.switchboard.ai.filter;

import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import io.switchboard.ai.routing.AiTarget;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;

/**
 * {@code AiProvider=<provider-id>[, <upstream-model>]}: sends the route's AI requests to a provider declared under
 * {@code ai.providers}, translating between the client's dialect and the provider's, streams included. Without an
 * upstream model the client's model is used, minus a leading {@code <provider-id>/}, so
 * {@code AiModel=anthropic/*} with {@code AiProvider=anthropic} gives direct addressing.
 *
 * <p>The filter only names the target; {@code AiRoutingFilter} makes the call after every other route filter has
 * run. The route's {@code uri} is not used ({@code no://op} is fine).
 */
public class AiProviderGatewayFilterFactory extends AbstractGatewayFilterFactory<AiProviderGatewayFilterFactory.Config> {

  private final ProviderRegistry providers;

  public AiProviderGatewayFilterFactory(ProviderRegistry providers) {
    super(Config.class);
    this.providers = providers;
  }

  @Override
  public List<String> shortcutFieldOrder() {
    return List.of("provider", "model");
  }

  @Override
  public GatewayFilter apply(Config config) {
    String id = config.getProvider();
    Provider provider = id == null ? null : providers.find(id.trim());
    if (provider == null) {
      throw new IllegalArgumentException("AiProvider: provider '" + id + "' is not declared under ai.providers"
          + " (declared: " + providers.ids() + ")");
    }
    String model = config.getModel() == null || config.getModel().isBlank() ? null : config.getModel().trim();
    AiTarget target = new AiTarget(provider, model);
    return new GatewayFilter() {
      @Override
      public reactor.core.publisher.Mono<Void> filter(org.springframework.web.server.ServerWebExchange exchange,
          org.springframework.cloud.gateway.filter.GatewayFilterChain chain) {
        exchange.getAttributes().put(AiTarget.ATTRIBUTE, target);
        return chain.filter(exchange);
      }

      @Override
      public String toString() {
        return "[AiProvider " + provider.id() + (model == null ? "" : ", " + model) + "]";
      }
    };
  }

  /** Arguments of {@code AiProvider}. */
  public static class Config {

    /** Id of a provider under {@code ai.providers}. */
    private @Nullable String provider;

    /** Model to ask the provider for; by default the client's model without a {@code <provider-id>/} prefix. */
    private @Nullable String model;

    public @Nullable String getProvider() {
      return provider;
    }

    public Config setProvider(@Nullable String provider) {
      this.provider = provider;
      return this;
    }

    public @Nullable String getModel() {
      return model;
    }

    public Config setModel(@Nullable String model) {
      this.model = model;
      return this;
    }
  }
}
