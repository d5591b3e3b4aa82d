package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderType;
import io.switchboard.ai.provider.vertex.ServiceAccount;
import io.switchboard.ai.provider.vertex.VertexTestKeys;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/** The token exchange over real HTTP, against a local token endpoint. */
final class AccessTokensTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  private final List<String> forms = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int status = 200;
  private volatile String answer;
  private final DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
      .route(routes -> routes.post("/token", (request, response) -> request.receive().aggregate().asString()
          .defaultIfEmpty("")
          .flatMap(form -> {
            forms.add(form);
            contentTypes.add(request.requestHeaders().get("content-type"));
            int n = calls.incrementAndGet();
            String body = answer != null ? answer
                : "{\"access_token\":\"ya29.token-" + n + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}";
            return response.status(status).header("content-type", "application/json").sendString(Mono.just(body))
                .then();
          })))
      .bindNow();

  private final AccessTokens tokens = new AccessTokens(HttpClient.create(), clock);

  @AfterEach
  void stop() {
    server.disposeNow();
  }

  private Provider provider(String tokenUrl) {
    ServiceAccount key = VertexTestKeys.serviceAccount();
    ServiceAccount account = new ServiceAccount(key.clientEmail(), key.privateKeyId(), key.privateKey(), tokenUrl,
        key.projectId());
    return new Provider("vertex", ProviderType.VERTEX, URI.create("http://127.0.0.1:1"), null, Map.of(),
        Duration.ofSeconds(2), Duration.ofSeconds(5), List.of(), 4096, "2023-06-01", "2024-10-21", true, null,
        new Provider.VertexSettings("my-project", "us-central1", account), null, true);
  }

  private Provider provider() {
    return provider("http://127.0.0.1:" + server.port() + "/token");
  }

  @Test
  void exchangesASignedAssertionOnceAndRefreshesBeforeExpiry() throws Exception {
    Provider provider = provider();

    assertThat(tokens.token(provider).block(WAIT)).isEqualTo("ya29.token-1");
    now.set(T0.plusSeconds(3000));
    assertThat(tokens.token(provider).block(WAIT)).isEqualTo("ya29.token-1");
    assertThat(calls).hasValue(1);
    now.set(T0.plusSeconds(3540));
    assertThat(tokens.token(provider).block(WAIT)).isEqualTo("ya29.token-2");
    assertThat(calls).hasValue(2);

    assertThat(contentTypes).containsOnly("application/x-www-form-urlencoded");
    Map<String, String> form = form(forms.get(0));
    assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
    String[] jwt = form.get("assertion").split("\\.");
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(VertexTestKeys.KEYS.getPublic());
    rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))).as("signed by the service account's key").isTrue();
    JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt[1]));
    assertThat(claims.path("aud").asString()).isEqualTo("http://127.0.0.1:" + server.port() + "/token");
    assertThat(claims.path("iat").asLong()).isEqualTo(T0.getEpochSecond());
    assertThat(claims.path("iss").asString()).isEqualTo("gateway@my-project.iam.gserviceaccount.com");
  }

  @Test
  void aRefusedTokenIsExchangedAgain() {
    Provider provider = provider();
    String first = tokens.token(provider).block(WAIT);

    tokens.refused(provider, first);

    assertThat(tokens.token(provider).block(WAIT)).isEqualTo("ya29.token-2");
  }

  @Test
  void oauthErrorsAreNamedByCodeOnly() {
    status = 400;
    answer = "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature for key 0123456789abcdef\"}";

    assertThatThrownBy(() -> tokens.token(provider()).block(WAIT)).isInstanceOfSatisfying(AiException.class, e -> {
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.code()).isEqualTo("upstream_auth_failed");
      assertThat(e.getMessage()).contains("Provider 'vertex'").contains("invalid_grant")
          .doesNotContain("Invalid JWT").doesNotContain("0123456789abcdef");
    });
  }

  @Test
  void otherFailuresAreNamedByStatusOrKind() {
    status = 503;
    answer = "<html>upstream connect error ya29.leaked</html>";
    assertThatThrownBy(() -> tokens.token(provider()).block(WAIT)).isInstanceOfSatisfying(AiException.class, e -> {
      assertThat(e.code()).isEqualTo("upstream_auth_failed");
      assertThat(e.getMessage()).contains("HTTP 503").doesNotContain("ya29").doesNotContain("html");
    });

    assertThatThrownBy(() -> tokens.token(provider("http://127.0.0.1:1/token")).block(WAIT))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("upstream_auth_failed");
          assertThat(e.getMessage()).doesNotContain("127.0.0.1");
        });
  }

  @Test
  void answersAreReadBoundedAndStrictly() {
    assertThat(AccessTokens.answer(200, "{\"access_token\":\"ya29.x\",\"expires_in\":60}").accessToken())
        .isEqualTo("ya29.x");
    assertThatThrownBy(() -> AccessTokens.answer(500, "")).hasMessageContaining("HTTP 500");
    assertThatThrownBy(() -> AccessTokens.answer(401, "{\"error\":\"unauthorized_client\"}"))
        .hasMessageContaining("(unauthorized_client)");
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new java.util.HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  private Provider entraProvider() {
    return new Provider("azure", ProviderType.AZURE, URI.create("http://127.0.0.1:1/openai"), null, Map.of(),
        Duration.ofSeconds(2), Duration.ofSeconds(5), List.of(), 4096, "2023-06-01", "2024-10-21", true, null, null,
        new Provider.AzureEntra(null, "http://127.0.0.1:" + server.port() + "/token", "app-id", "s3cr&t=x",
            "https://cognitiveservices.azure.com/.default"), true);
  }

  @Test
  void entraClientCredentialsAreExchangedOnceAndRefreshedBeforeExpiry() {
    answer = null;
    Provider provider = entraProvider();
    assertThat(AccessTokens.uses(provider)).isTrue();

    assertThat(tokens.token(provider).block(WAIT)).isEqualTo("ya29.token-1");
    now.set(T0.plusSeconds(3500));
    assertThat(tokens.token(provider).block(WAIT)).isEqualTo("ya29.token-1");
    now.set(T0.plusSeconds(3540));
    assertThat(tokens.token(provider).block(WAIT)).isEqualTo("ya29.token-2");
    assertThat(calls).hasValue(2);

    assertThat(contentTypes).containsOnly("application/x-www-form-urlencoded");
    assertThat(form(forms.get(0))).containsExactlyInAnyOrderEntriesOf(Map.of("grant_type", "client_credentials",
        "client_id", "app-id", "client_secret", "s3cr&t=x", "scope", "https://cognitiveservices.azure.com/.default"));
  }

  @Test
  void entraRefusalNamesTheAuthorityButNeverTheSecret() {
    status = 401;
    answer = "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret s3cr&t=x\"}";
    assertThatThrownBy(() -> tokens.token(entraProvider()).block(WAIT))
        .hasMessageContaining("could not authenticate to Microsoft Entra ID")
        .hasMessageContaining("(invalid_client)")
        .hasMessageNotContaining("s3cr&t").hasMessageNotContaining("AADSTS");
  }

  @Test
  void aFixedEntraTokenTakesNoExchange() {
    Provider fixed = new Provider("azure", ProviderType.AZURE, URI.create("http://127.0.0.1:1/openai"), null,
        Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(5), List.of(), 4096, "2023-06-01", "2024-10-21", true,
        null, null, new Provider.AzureEntra("eyJ.fixed", null, null, null, "s"), true);
    assertThat(AccessTokens.uses(fixed)).isFalse();
    assertThat(fixed.toString()).doesNotContain("eyJ.fixed");
    assertThat(entraProvider().entra().toString()).doesNotContain("s3cr");
  }

  @Test
  void entraFailuresNameEntra() {
    assertThat(AccessTokens.answer(200, "{\"access_token\":\"eyJ.a\",\"expires_in\":3599,\"token_type\":\"Bearer\"}",
        "Microsoft Entra ID").expiresInSeconds()).isEqualTo(3599);
    assertThatThrownBy(() -> AccessTokens.answer(500, "", "Microsoft Entra ID"))
        .hasMessageContaining("The Microsoft Entra ID token endpoint answered HTTP 500.");
  }
}
