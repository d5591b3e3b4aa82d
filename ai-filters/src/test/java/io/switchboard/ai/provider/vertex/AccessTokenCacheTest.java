package io.switchboard.ai.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.vertex.AccessTokenCache.TokenResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

final class AccessTokenCacheTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final AtomicInteger fetches = new AtomicInteger();
  private final List<String> bodies = new ArrayList<>();

  private Function<String, Mono<TokenResponse>> answering(long expiresIn) {
    return body -> {
      synchronized (bodies) {
        bodies.add(body);
      }
      int n = fetches.incrementAndGet();
      return Mono.just(new TokenResponse("token-" + n, expiresIn));
    };
  }

  @Test
  void fetchesOnceThenReusesUntilSixtySecondsBeforeExpiry() {
    AccessTokenCache cache = new AccessTokenCache(VertexTestKeys.serviceAccount(), null);

    assertThat(cache.token(T0, answering(3600)).block(WAIT)).isEqualTo("token-1");
    assertThat(cache.token(T0.plusSeconds(10), answering(3600)).block(WAIT)).isEqualTo("token-1");
    assertThat(cache.token(T0.plusSeconds(3539), answering(3600)).block(WAIT)).isEqualTo("token-1");
    assertThat(fetches).hasValue(1);

    assertThat(cache.token(T0.plusSeconds(3540), answering(3600)).block(WAIT)).isEqualTo("token-2");
    assertThat(cache.token(T0.plusSeconds(3600), answering(3600)).block(WAIT)).isEqualTo("token-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void forgottenTokenIsReplacedByTheNextCall() {
    AccessTokenCache cache = new AccessTokenCache(VertexTestKeys.serviceAccount(), null);
    assertThat(cache.token(T0, answering(3600)).block(WAIT)).isEqualTo("token-1");

    cache.forget("token-1");

    assertThat(cache.token(T0.plusSeconds(1), answering(3600)).block(WAIT)).isEqualTo("token-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void forgettingAnOlderTokenKeepsTheCurrentOne() {
    AccessTokenCache cache = new AccessTokenCache(VertexTestKeys.serviceAccount(), null);
    cache.token(T0, answering(3600)).block(WAIT);
    cache.forget("token-1");
    cache.token(T0, answering(3600)).block(WAIT);

    cache.forget("token-1");

    assertThat(cache.token(T0.plusSeconds(1), answering(3600)).block(WAIT)).isEqualTo("token-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aCallerServedAfterAnExchangeNeverReceivesThatFinishedExchange() {
    AccessTokenCache cache = new AccessTokenCache(VertexTestKeys.serviceAccount(), null);
    Sinks.One<TokenResponse> answer = Sinks.one();
    List<String> seenByTheNextCaller = new ArrayList<>();
    cache.token(T0, body -> answer.asMono()).subscribe(token -> {
      // Called with the token, before the exchange has fully terminated: the token is refused at once.
      cache.forget(token);
      seenByTheNextCaller.add(cache.token(T0, answering(3600)).block(WAIT));
    });

    answer.tryEmitValue(new TokenResponse("refused", 3600));

    assertThat(seenByTheNextCaller).containsExactly("token-1");
  }

  @Test
  void sendsAJwtBearerRequestSignedAtTheGivenTime() {
    AccessTokenCache cache = new AccessTokenCache(VertexTestKeys.serviceAccount(), null);

    cache.token(T0, answering(3600)).block(WAIT);

    assertThat(bodies).containsExactly(GoogleJwt.tokenRequestBody(
        GoogleJwt.assertion(VertexTestKeys.serviceAccount(), null, T0)));
  }

  @Test
  void isLazy() {
    AccessTokenCache cache = new AccessTokenCache(VertexTestKeys.serviceAccount(), null);

    Mono<String> token = cache.token(T0, answering(3600));

    assertThat(fetches).hasValue(0);
    assertThat(token.block(WAIT)).isEqualTo("token-1");
  }

  @Test
  void coalescesConcurrentRefreshes() throws Exception {
    AccessTokenCache cache = new AccessTokenCache(VertexTestKeys.serviceAccount(), null);
    Sinks.One<TokenResponse> answer = Sinks.one();
    Function<String, Mono<TokenResponse>> fetch = body -> {
      fetches.incrementAndGet();
      return answer.asMono();
    };
    int callers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<String>> results = new ArrayList<>();
      List<CompletableFuture<?>> subscribed = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        CompletableFuture<String> result = new CompletableFuture<>();
        results.add(result);
        subscribed.add(CompletableFuture.runAsync(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          cache.token(T0, fetch).subscribe(result::complete, result::completeExceptionally);
        }, pool));
      }
      start.countDown();
      CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

      assertThat(fetches).hasValue(1);
      assertThat(results).noneMatch(CompletableFuture::isDone);

      answer.tryEmitValue(new TokenResponse("shared", 3600));
      for (CompletableFuture<String> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("shared");
      }
      assertThat(cache.token(T0.plusSeconds(5), fetch).block(WAIT)).isEqualTo("shared");
      assertThat(fetches).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void failedRefreshIsNotRememberedAndHidesDetails() {
    AccessTokenCache cache = new AccessTokenCache(VertexTestKeys.serviceAccount(), null);
    Function<String, Mono<TokenResponse>> failing = body -> {
      fetches.incrementAndGet();
      return Mono.error(new IllegalStateException("connection reset, token=ya29.secret"));
    };

    assertThatThrownBy(() -> cache.token(T0, failing).block(WAIT)).isInstanceOfSatisfying(AiException.class, e -> {
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.code()).isEqualTo("upstream_auth_failed");
      assertThat(e.getMessage()).doesNotContain("ya29").doesNotContain("connection reset");
    });
    assertThatThrownBy(() -> cache.token(T0, body -> Mono.empty()).block(WAIT))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.code()).isEqualTo("upstream_auth_failed"));

    assertThat(cache.token(T0, answering(3600)).block(WAIT)).isEqualTo("token-2");
  }

  @Test
  void passesAiExceptionsThrough() {
    AccessTokenCache cache = new AccessTokenCache(VertexTestKeys.serviceAccount(), null);

    assertThatThrownBy(() -> cache.token(T0, body -> Mono.fromCallable(
        () -> TokenResponse.parse("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")))
        .block(WAIT))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.code()).isEqualTo("upstream_auth_failed");
          assertThat(e.getMessage()).contains("invalid_grant");
        });
  }

  @Test
  void parsesGooglesTokenAnswer() {
    TokenResponse response = TokenResponse.parse(
        "{\"access_token\":\"ya29.c.abc\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");

    assertThat(response.accessToken()).isEqualTo("ya29.c.abc");
    assertThat(response.expiresInSeconds()).isEqualTo(3599);
    assertThat(response.toString()).doesNotContain("ya29");
  }

  @Test
  void refusesBadTokenAnswers() {
    String[] bad = {
        "not json ya29.secret",
        "[]",
        "{\"expires_in\":3599,\"token_type\":\"Bearer\"}",
        "{\"access_token\":\"\",\"expires_in\":3599}",
        "{\"access_token\":\"ya29.secret\"}",
        "{\"access_token\":\"ya29.secret\",\"expires_in\":\"3599\"}",
        "{\"access_token\":\"ya29.secret\",\"expires_in\":0}",
        "{\"access_token\":\"ya29.secret\",\"expires_in\":3599,\"token_type\":\"MAC\"}",
        "{\"error\":\"ya29.secret <b>\"}",
    };
    for (String json : bad) {
      assertThatThrownBy(() -> TokenResponse.parse(json)).as(json)
          .isInstanceOfSatisfying(AiException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("upstream_auth_failed");
            assertThat(e.getMessage()).doesNotContain("ya29");
          });
    }
  }
}
