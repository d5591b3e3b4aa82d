package io.switchboard.ai.routing;

import io.switchboard.ai.provider.Provider;
import org.jspecify.annotations.Nullable;

/**
 * Where an AI route sends its request: a provider and, optionally, the model to ask it for (otherwise the client's
 * model, with a leading {@code <provider-id>/} removed). Put on the exchange under {@link #ATTRIBUTE} by
 * {@code AiProvider}; a route whose URI is {@code ai://<provider-id>} gets one without the filter.
 */
public record AiTarget(Provider provider, @Nullable String model, TargetOptions options) {

  public static final String ATTRIBUTE = AiTarget.class.getName();

  public AiTarget(Provider provider, @Nullable String model) {
    this(provider, model, TargetOptions.NONE);
  }

  /** The model to ask the provider for, given the client's model. */
  public String upstreamModel(String clientModel) {
    if (model != null) {
      return model;
    }
    String prefix = provider.id() + "/";
    return clientModel.startsWith(prefix) ? clientModel.substring(prefix.length()) : clientModel;
  }
}
