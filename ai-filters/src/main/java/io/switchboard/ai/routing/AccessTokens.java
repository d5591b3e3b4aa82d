package io.switchboard.ai.routing;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.azure.EntraTokens;
import io.switchboard.ai.provider.vertex.AccessTokenCache;
import io.switchboard.ai.provider.vertex.AccessTokenCache.TokenResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The OAuth access tokens of providers that authenticate with one: Vertex AI (a Google access token for the service
 * account's signed assertion) and Azure OpenAI with a Microsoft Entra ID client-credentials grant. One
 * {@link AccessTokenCache} per provider, filled by POSTing the form to its token URL with the gateway's own
 * {@link HttpClient} (pool, TLS and proxy settings). Nothing blocks: the exchange is one more non-blocking call before the provider's, made about
 * once an hour per provider, and concurrent requests that find the token stale wait for the same exchange.
 *
 * <p>Every failure is a 502 with code {@value AccessTokenCache#ERROR_CODE} naming the provider; no message contains
 * a token, the assertion or the token endpoint's description of the problem.
 */
final class AccessTokens {

  /** Token answers are a few hundred bytes; a larger one is refused rather than read whole. */
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

  /** A token exchange is quick; a provider's response-timeout is sized for generation and can be minutes. */
  private static final Duration MAX_SILENCE = Duration.ofSeconds(30);

  private final HttpClient base;
  private final Clock clock;
  private final Map<String, AccessTokenCache> caches = new ConcurrentHashMap<>();
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

  AccessTokens(HttpClient base, Clock clock) {
    this.base = base;
    this.clock = clock;
  }

  /** Whether requests to the provider carry an access token from here. */
  static boolean uses(Provider provider) {
    return provider.vertex() != null || provider.entra() != null && provider.entra().clientCredentials();
  }

  /** The provider's current access token, exchanged for a new one first when it is missing or about to expire. */
  Mono<String> token(Provider provider) {
    Provider.VertexSettings vertex = provider.vertex();
    Provider.AzureEntra entra = provider.entra();
    String authority;
    String service;
    String tokenUri;
    AccessTokenCache cache;
    if (vertex != null) {
      authority = AccessTokenCache.GOOGLE;
      service = "Google Cloud";
      tokenUri = vertex.serviceAccount().tokenUri();
      cache = caches.computeIfAbsent(provider.id(), id -> new AccessTokenCache(vertex.serviceAccount(), null));
    } else if (entra != null && entra.clientCredentials()) {
      authority = EntraTokens.AUTHORITY;
      service = EntraTokens.AUTHORITY;
      tokenUri = Objects.requireNonNull(entra.tokenUrl(), "tokenUrl");
      cache = caches.computeIfAbsent(provider.id(), id -> {
        // The grant's form is the same for every exchange: encoded once, when the provider's cache is made.
        String form = EntraTokens.requestBody(Objects.requireNonNull(entra.clientId(), "clientId"),
            Objects.requireNonNull(entra.clientSecret(), "clientSecret"), entra.scope());
        return new AccessTokenCache(EntraTokens.AUTHORITY, now -> form);
      });
    } else {
      throw new IllegalArgumentException("provider " + provider.id() + " takes no access token");
    }
    HttpClient client = clients.computeIfAbsent(provider.id(), id -> base
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) provider.connectTimeout().toMillis())
        .responseTimeout(provider.responseTimeout().compareTo(MAX_SILENCE) < 0 ? provider.responseTimeout()
            : MAX_SILENCE));
    return Mono.defer(() -> cache.token(clock.instant(), form -> exchange(client, tokenUri, form, authority)))
        .onErrorMap(AiException.class, e -> AiException.upstream("Provider '" + provider.id()
            + "' could not authenticate to " + service + ": " + e.getMessage(), AccessTokenCache.ERROR_CODE));
  }

  /** Forgets a token the provider refused (401), so the next request obtains a new one instead of reusing it. */
  void refused(Provider provider, String token) {
    AccessTokenCache cache = caches.get(provider.id());
    if (cache != null) {
      cache.forget(token);
    }
  }

  private static Mono<TokenResponse> exchange(HttpClient client, String tokenUri, String form, String authority) {
    byte[] body = form.getBytes(StandardCharsets.US_ASCII);
    return client
        .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded")
            .set(HttpHeaderNames.ACCEPT, "application/json")
            .set(HttpHeaderNames.CONTENT_LENGTH, body.length))
        .post()
        .uri(tokenUri)
        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
        .responseConnection((response, connection) -> connection.inbound().receive().asByteArray()
            .collect(ByteArrayOutputStream::new, (out, bytes) -> {
              if (out.size() + (long) bytes.length > MAX_ANSWER_BYTES) {
                throw AiException.upstream("The " + authority + " token endpoint answered with more than "
                    + MAX_ANSWER_BYTES / 1024 + " KB.", AccessTokenCache.ERROR_CODE);
              }
              out.writeBytes(bytes);
            })
            .map(out -> answer(response.status().code(), out.toString(StandardCharsets.UTF_8), authority)))
        .next();
  }

  /**
   * Reads the token endpoint's answer. An OAuth error ({@code {"error": "invalid_grant", ...}}) is reported by its
   * code, any other failure by its HTTP status.
   */
  static TokenResponse answer(int status, String body) {
    return answer(status, body, AccessTokenCache.GOOGLE);
  }

  static TokenResponse answer(int status, String body, String authority) {
    if (status >= 200 && status < 300) {
      return TokenResponse.parse(body, authority);
    }
    if (isOAuthError(body)) {
      return TokenResponse.parse(body, authority); // throws, naming the OAuth error code
    }
    throw AiException.upstream("The " + authority + " token endpoint answered HTTP " + status + ".",
        AccessTokenCache.ERROR_CODE);
  }

  private static boolean isOAuthError(String body) {
    try {
      JsonNode root = Json.MAPPER.readTree(body);
      JsonNode error = root == null ? null : root.get("error");
      return error != null && !error.isNull();
    } catch (JacksonException | IllegalArgumentException e) {
      return false;
    }
  }
}
