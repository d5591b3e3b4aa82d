package io.switchboard.ai.provider.vertex;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One service account's Google access token: reused until {@link #REFRESH_MARGIN} before it expires, then replaced by
 * exchanging a fresh {@link GoogleJwt} assertion. Concurrent callers that find the token stale share one exchange.
 * The same cache serves other OAuth 2.0 token endpoints whose request body is a form made at refresh time (Microsoft
 * Entra ID's client-credentials grant, {@link io.switchboard.ai.provider.azure.EntraTokens}), named in messages by
 * their authority.
 * Holds no clock and does no I/O itself: the time and the HTTP exchange are arguments. Thread-safe.
 *
 * <p>Failures become {@link AiException#upstream} with code {@code upstream_auth_failed}; no message ever contains a
 * token, an assertion or the token endpoint's answer. A failed exchange is not remembered: the next call tries again.
 */
public final class AccessTokenCache {

  /** How long before its expiry a token is replaced. */
  public static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

  /** How Google's token endpoint is named in messages. */
  public static final String GOOGLE = "Google";

  /** The error code of every failure to obtain a token. */
  public static final String ERROR_CODE = "upstream_auth_failed";

  /**
   * The token endpoint's answer.
   *
   * @param accessToken the bearer token; never logged
   * @param expiresInSeconds its lifetime from now
   */
  public record TokenResponse(String accessToken, long expiresInSeconds) {

    private static final Pattern ERROR_CODE_SHAPE = Pattern.compile("[a-z_]{1,64}");

    public TokenResponse {
      Objects.requireNonNull(accessToken, "accessToken");
    }

    /**
     * Reads Google's token endpoint answer ({@code {"access_token", "expires_in", "token_type": "Bearer"}}).
     *
     * @throws AiException ({@code upstream_auth_failed}) when the answer is an OAuth error or lacks a field
     */
    public static TokenResponse parse(String json) {
      return parse(json, GOOGLE);
    }

    /**
     * Reads an OAuth 2.0 token answer ({@code {"access_token", "expires_in", "token_type": "Bearer"}}), as Google's
     * and Entra ID's v2.0 endpoints send it ({@code expires_in} a number of seconds).
     *
     * @param authority how the token endpoint is named in messages
     * @throws AiException ({@code upstream_auth_failed}) when the answer is an OAuth error or lacks a field
     */
    public static TokenResponse parse(String json, String authority) {
      JsonNode root;
      try {
        root = json == null ? null : Json.MAPPER.readTree(json);
      } catch (JacksonException e) {
        throw failure("The " + authority + " token endpoint answered with malformed JSON.");
      }
      if (root == null || !root.isObject()) {
        throw failure("The " + authority + " token endpoint answered with malformed JSON.");
      }
      JsonNode error = root.get("error");
      if (error != null && !error.isNull()) {
        String code = error.isString() ? error.asString() : "";
        throw failure("The " + authority + " token endpoint refused the credentials"
            + (ERROR_CODE_SHAPE.matcher(code).matches() ? " (" + code + ")." : "."));
      }
      JsonNode token = root.get("access_token");
      if (token == null || !token.isString() || token.asString().isBlank()) {
        throw failure("The " + authority + " token endpoint answered without an access_token.");
      }
      JsonNode expiresIn = root.get("expires_in");
      long lifetime = expiresIn != null && expiresIn.isIntegralNumber() ? expiresIn.asLong() : -1;
      if (lifetime <= 0) {
        throw failure("The " + authority + " token endpoint answered without a valid expires_in.");
      }
      JsonNode type = root.get("token_type");
      if (type != null && !type.isNull() && !(type.isString() && type.asString().equalsIgnoreCase("Bearer"))) {
        throw failure("The " + authority + " token endpoint answered with a token_type other than Bearer.");
      }
      return new TokenResponse(token.asString(), lifetime);
    }

    @Override
    public String toString() {
      return "TokenResponse[accessToken=***, expiresInSeconds=" + expiresInSeconds + "]";
    }
  }

  private record Token(String accessToken, Instant expiresAt) {
  }

  private final String authority;
  private final Function<Instant, String> requestBody;
  private final AtomicReference<@Nullable Token> current = new AtomicReference<>();
  private final AtomicReference<@Nullable Mono<Token>> inFlight = new AtomicReference<>();

  /**
   * @param account the service account whose tokens are cached
   * @param scope the scope asked for, or {@code null} for {@link GoogleJwt#DEFAULT_SCOPE}
   */
  public AccessTokenCache(ServiceAccount account, @Nullable String scope) {
    this(GOOGLE, bearerAssertion(Objects.requireNonNull(account, "account"), scope));
  }

  /**
   * @param authority how the token endpoint is named in messages (e.g. {@code Microsoft Entra ID})
   * @param requestBody the form body of a token request made at the given time; never logged
   */
  public AccessTokenCache(String authority, Function<Instant, String> requestBody) {
    this.authority = Objects.requireNonNull(authority, "authority");
    this.requestBody = Objects.requireNonNull(requestBody, "requestBody");
  }

  private static Function<Instant, String> bearerAssertion(ServiceAccount account, @Nullable String scope) {
    return now -> GoogleJwt.tokenRequestBody(GoogleJwt.assertion(account, scope, now));
  }

  /**
   * The current access token, refreshed first when absent or within {@link #REFRESH_MARGIN} of expiry.
   *
   * @param now the current time
   * @param fetch the exchange: given the form body ({@link GoogleJwt#tokenRequestBody}) to POST to
   *     {@link ServiceAccount#tokenUri()}, the parsed answer ({@link TokenResponse#parse}); called at most once per
   *     refresh however many callers wait for it
   */
  public Mono<String> token(Instant now, Function<String, Mono<TokenResponse>> fetch) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(fetch, "fetch");
    return Mono.defer(() -> {
      Token token = current.get();
      if (fresh(token, now)) {
        return Mono.just(token.accessToken());
      }
      return refresh(now, fetch).map(Token::accessToken);
    });
  }

  /**
   * Drops the cached token if it is still {@code accessToken}, so that the next call exchanges a new assertion: for a
   * token the API refused before its announced expiry (revoked, or the account's roles changed). A newer token is
   * kept.
   */
  public void forget(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    Token token = current.get();
    if (token != null && token.accessToken().equals(accessToken)) {
      current.compareAndSet(token, null);
    }
  }

  private Mono<Token> refresh(Instant now, Function<String, Mono<TokenResponse>> fetch) {
    while (true) {
      Mono<Token> running = inFlight.get();
      if (running != null) {
        return running;
      }
      AtomicReference<@Nullable Mono<Token>> self = new AtomicReference<>();
      Mono<Token> shared = Mono.defer(() -> {
            // Another exchange may have finished between our look at the token and winning the slot.
            Token token = current.get();
            if (fresh(token, now)) {
              return Mono.just(token);
            }
            String body = requestBody.apply(now);
            Mono<TokenResponse> answer = fetch.apply(body);
            return (answer == null ? Mono.<TokenResponse>empty() : answer)
                .switchIfEmpty(Mono.error(() -> failure("The " + authority + " token endpoint gave no answer.")))
                .map(response -> new Token(response.accessToken(), now.plusSeconds(response.expiresInSeconds())))
                .doOnNext(fetched -> {
                  current.set(fetched);
                  // Leave the slot before anyone is handed the token: a caller served after that must not be given
                  // this finished exchange, whose token may since have been forgotten or have gone stale.
                  inFlight.compareAndSet(self.get(), null);
                });
          })
          .onErrorMap(e -> !(e instanceof AiException),
              e -> failure("Could not obtain a " + authority + " access token (" + e.getClass().getSimpleName() + ")."))
          .doOnError(e -> inFlight.compareAndSet(self.get(), null))
          .doFinally(signal -> inFlight.compareAndSet(self.get(), null))
          .cache();
      self.set(shared);
      if (inFlight.compareAndSet(null, shared)) {
        return shared;
      }
    }
  }

  private static boolean fresh(@Nullable Token token, Instant now) {
    return token != null && now.isBefore(token.expiresAt().minus(REFRESH_MARGIN));
  }

  private static AiException failure(String message) {
    return AiException.upstream(message, ERROR_CODE);
  }
}
