package io.switchboard.ai.provider;

import io.switchboard.ai.provider.vertex.ServiceAccount;
import io.switchboard.ai.provider.vertex.VertexPublisher;
import io.switchboard.ai.request.Dialect;
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
 * @param vertex project, region and service account (Vertex AI), or {@code null}
 * @param entra Microsoft Entra ID authentication (Azure OpenAI without an {@code api-key}), or {@code null}
 * @param streamOptions whether an OpenAI-dialect provider accepts {@code stream_options}
 * @param enabled false when declared with {@code enabled: false}, or {@code auto} without a key (Vertex AI: without
 *     credentials)
 */
public record Provider(String id, ProviderType type, URI baseUri, @Nullable String apiKey,
    Map<String, String> headers, Duration connectTimeout, Duration responseTimeout, List<String> models,
    int defaultMaxTokens, String anthropicVersion, String apiVersion, boolean streamOptions,
    @Nullable AwsSigning aws, @Nullable VertexSettings vertex, @Nullable AzureEntra entra, boolean enabled) {

  /** SigV4 signing settings of a Bedrock provider; {@link #toString()} shows no secret. */
  public record AwsSigning(String region, String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {

    @Override
    public String toString() {
      return "AwsSigning[region=" + region + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
  }

  /**
   * Where and as whom a Vertex AI provider calls: the project and region name the model's address, the service
   * account signs the assertions exchanged for access tokens at its {@link ServiceAccount#tokenUri()}.
   * {@link #toString()} shows no key.
   */
  public record VertexSettings(String project, String region, ServiceAccount serviceAccount) {

    @Override
    public String toString() {
      return "VertexSettings[project=" + project + ", region=" + region + ", serviceAccount="
          + serviceAccount.clientEmail() + "]";
    }
  }

  /**
   * How an Azure OpenAI provider authenticates with Microsoft Entra ID: a fixed {@code token}, or else a
   * client-credentials grant ({@code clientId}, {@code clientSecret}, {@code scope}) at {@code tokenUrl}, whose tokens
   * are cached. {@link #toString()} shows no secret.
   */
  public record AzureEntra(@Nullable String token, @Nullable String tokenUrl, @Nullable String clientId,
      @Nullable String clientSecret, String scope) {

    /** Whether tokens are obtained by the client-credentials grant (no fixed token). */
    public boolean clientCredentials() {
      return token == null;
    }

    @Override
    public String toString() {
      return token != null ? "AzureEntra[token=****]"
          : "AzureEntra[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=****, scope=" + scope + "]";
    }
  }

  /**
   * The wire dialect of a call to this provider for a model: the type's, except on Vertex AI, where it is the
   * model publisher's ({@link VertexPublisher}: Anthropic for Claude models, Gemini for the others).
   */
  public Dialect dialect(String upstreamModel) {
    return type == ProviderType.VERTEX ? VertexPublisher.of(upstreamModel).dialect() : type.dialect();
  }

  @Override
  public String toString() {
    return "Provider[id=" + id + ", type=" + type.id() + ", baseUri=" + baseUri + ", apiKey="
        + (apiKey == null ? "none" : "****") + ", enabled=" + enabled + "]";
  }
}
