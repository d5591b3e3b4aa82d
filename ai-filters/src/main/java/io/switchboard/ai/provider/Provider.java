package io.switchboard.ai.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A validated upstream provider, built from {@code ai.providers.<id>}. Its {@link #toString()} never shows the key.
 *
 * @param baseUri base URL without a trailing slash
 * @param apiVersion the {@code api-version} query parameter of Azure OpenAI
 * @param aws SigV4 signing settings (Bedrock), or {@code null}
 * @param streamOptions whether an OpenAI-dialect provider accepts {@code stream_options}
 * @param enabled false when declared with {@code enabled: false}, or {@code auto} without a key
 */
public record Provider(String id, ProviderType type, URI baseUri, @Nullable String apiKey,
    Map<String, String> headers, Duration connectTimeout, Duration responseTimeout, List<String> models,
    int defaultMaxTokens, String anthropicVersion, String apiVersion, boolean streamOptions,
    @Nullable AwsSigning aws, boolean enabled) {

  /** SigV4 signing settings of a Bedrock provider; {@link #toString()} shows no secret. */
  public record AwsSigning(String region, String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {

    @Override
    public String toString() {
      return "AwsSigning[region=" + region + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
  }


  @Override
  public String toString() {
    return "Provider[id=" + id + ", type=" + type.id() + ", baseUri=" + baseUri + ", apiKey="
        + (apiKey == null ? "none" : "****") + ", enabled=" + enabled + "]";
  }
}
