package io.switchboard.ai.routing;

import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderType;
import io.switchboard.ai.request.Dialect;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;
import java.util.Map;

/**
 * The headers of a call to a provider: its content type, the provider's own authentication scheme and the extra
 * headers configured for it. Nothing of the client's request is forwarded: its credentials are for the gateway.
 */
final class UpstreamHeaders {

  private UpstreamHeaders() {
  }

  /**
   * The headers for a client of the provider's own dialect. Anthropic clients choose the API version and beta
   * features they were written for, so their {@code anthropic-version} and {@code anthropic-beta} go along (to
   * Vertex AI only the betas: it takes its own API version in the body).
   *
   * @param dialect the client's dialect, which is the call's
   */
  static Map<String, String> forClient(Provider provider, Dialect dialect, boolean stream, ServerHttpRequest client) {
    Map<String, String> headers = of(provider, stream);
    if (dialect == Dialect.ANTHROPIC) {
      String[] forwarded = provider.type() == ProviderType.VERTEX ? new String[] {"anthropic-beta"}
          : new String[] {"anthropic-version", "anthropic-beta"};
      for (String name : forwarded) {
        List<String> values = client.getHeaders().get(name);
        if (values != null && !values.isEmpty()) {
          headers.put(name, String.join(",", values));
        }
      }
    }
    return headers;
  }

  /**
   * The headers of a call: content type, the provider's key in its scheme (Azure: {@code api-key}, or a fixed Entra
   * token as {@code Authorization: Bearer}), configured headers. Vertex AI and Azure with an Entra client-credentials
   * grant have no key here: {@link HttpUpstream} adds their access token when sending.
   */
  static Map<String, String> of(Provider provider, boolean stream) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", stream ? "text/event-stream" : "application/json");
    String key = provider.apiKey();
    switch (provider.type().dialect()) {
      case ANTHROPIC -> {
        if (key != null) {
          headers.put("x-api-key", key);
        }
        headers.put("anthropic-version", provider.anthropicVersion());
      }
      case GEMINI -> {
        if (key != null) {
          headers.put("x-goog-api-key", key);
        }
      }
      default -> {
        Provider.AzureEntra entra = provider.entra();
        if (entra != null && entra.token() != null) {
          headers.put("authorization", "Bearer " + entra.token());
        } else if (key != null && provider.type() == ProviderType.AZURE) {
          headers.put("api-key", key);
        } else if (key != null) {
          headers.put("authorization", "Bearer " + key);
        }
      }
    }
    provider.headers().forEach(headers::put);
    return headers;
  }
}
