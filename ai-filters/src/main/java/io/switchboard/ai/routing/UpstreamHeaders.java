package io.switchboard.ai.routing;

import io.switchboard.ai.provider.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers of a call to a provider: its content type, the provider's own authentication scheme and the extra
 * headers configured for it. Nothing of the client's request is forwarded: its credentials are for the gateway.
 */
final class UpstreamHeaders {

  private UpstreamHeaders() {
  }

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
        if (key != null) {
          headers.put("authorization", "Bearer " + key);
        }
      }
    }
    provider.headers().forEach(headers::put);
    return headers;
  }
}
