package io.switchboard.ai.governance.ratelimit;

import io.switchboard.ai.Json;
import io.switchboard.ai.governance.keys.VirtualKey;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The built-in subjects of {@code AiTokenRateLimiter} ({@code key-resolver}), and the lookup of user-defined
 * {@link KeyResolver} beans:
 * <ul>
 *   <li>{@code api-key}: a virtual key's id ({@code vk:<id>}, stable across rotations), else a SHA-256 hash of the
 *       client key (never the key itself), as {@code AiAuth} accepts it;</li>
 *   <li>{@code user}: the {@code x-switchboard-user} header, else the request's {@code user} field (OpenAI);</li>
 *   <li>{@code team}: the {@code x-switchboard-team} header;</li>
 *   <li>{@code model}: the requested model;</li>
 *   <li>{@code key+model}: both;</li>
 *   <li>{@code header:<name>}: a request header;</li>
 *   <li>{@code jwt:<claim>}: a claim of the bearer JWT, read <em>without verifying</em> the token: verification
 *       belongs to Spring Security (a resource server) before this filter;</li>
 *   <li>anything else: the name of a {@link KeyResolver} bean ({@code #{@name}} also accepted).</li>
 * </ul>
 * A resolver that finds no subject yields an empty {@code Mono}; the filter then does not limit the request.
 */
public final class KeyResolvers {

  /** Set by {@code AiAuth} before it strips credentials: the SHA-256 (hex) of the client key it accepted. */
  public static final String CLIENT_KEY_HASH_ATTRIBUTE = "io.switchboard.ai.auth.clientKeyHash";

  private KeyResolvers() {
  }

  public static KeyResolver resolve(String name, @Nullable BeanFactory beans) {
    String spec = name == null || name.isBlank() ? "api-key" : name.trim();
    if (spec.startsWith("#{@") && spec.endsWith("}")) {
      spec = spec.substring(3, spec.length() - 1);
    }
    String lower = spec.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("header:")) {
      String header = spec.substring(7).trim();
      return exchange -> Mono.justOrEmpty(blankToNull(exchange.getRequest().getHeaders().getFirst(header)));
    }
    if (lower.startsWith("jwt:")) {
      String claim = spec.substring(4).trim();
      return exchange -> Mono.justOrEmpty(jwtClaim(exchange.getRequest(), claim));
    }
    switch (lower) {
      case "api-key":
        return exchange -> Mono.justOrEmpty(apiKeyHash(exchange));
      case "user":
        return exchange -> Mono.justOrEmpty(user(exchange));
      case "team":
        return exchange -> Mono.justOrEmpty(blankToNull(
            exchange.getRequest().getHeaders().getFirst("x-switchboard-team")));
      case "model":
        return exchange -> Mono.justOrEmpty(model(exchange));
      case "key+model":
        return exchange -> {
          String key = apiKeyHash(exchange);
          String model = model(exchange);
          return key == null || model == null ? Mono.empty() : Mono.just(key + "|" + model);
        };
      default:
        if (beans == null) {
          throw new IllegalArgumentException("AiTokenRateLimiter: unknown key-resolver '" + name + "'");
        }
        try {
          return beans.getBean(spec, KeyResolver.class);
        } catch (org.springframework.beans.BeansException e) {
          throw new IllegalArgumentException("AiTokenRateLimiter: key-resolver '" + name
              + "' is neither built in (api-key, user, team, model, key+model, header:<name>, jwt:<claim>) nor a "
              + "KeyResolver bean", e);
        }
    }
  }

  /**
   * The client key's subject: {@code vk:<id>} for a virtual key, which stays the same across rotations (so a rotated
   * key keeps its buckets); else the SHA-256 of the static key.
   */
  static @Nullable String apiKeyHash(ServerWebExchange exchange) {
    VirtualKey virtualKey = exchange.getAttribute(VirtualKey.ATTRIBUTE);
    if (virtualKey != null) {
      return "vk:" + virtualKey.id();
    }
    String stored = exchange.getAttribute(CLIENT_KEY_HASH_ATTRIBUTE);
    if (stored != null) {
      return stored;
    }
    String key = presentedKey(exchange.getRequest());
    return key == null ? null : sha256Hex(key);
  }

  static @Nullable String user(ServerWebExchange exchange) {
    String header = blankToNull(exchange.getRequest().getHeaders().getFirst("x-switchboard-user"));
    if (header != null) {
      return header;
    }
    AiRequest request = AiRequestReader.cached(exchange);
    if (request == null) {
      return null;
    }
    try {
      JsonNode user = request.tree().path("user");
      return user.isString() ? blankToNull(user.asString()) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  static @Nullable String model(ServerWebExchange exchange) {
    AiRequest request = AiRequestReader.cached(exchange);
    return request == null ? null : blankToNull(request.model());
  }

  /** The key as any supported SDK sends it (the same places {@code AiAuth} looks). */
  static @Nullable String presentedKey(ServerHttpRequest request) {
    HttpHeaders headers = request.getHeaders();
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return blankToNull(authorization.substring(7).trim());
    }
    for (String header : new String[] {"x-api-key", "x-goog-api-key"}) {
      String value = blankToNull(headers.getFirst(header));
      if (value != null) {
        return value.trim();
      }
    }
    return blankToNull(request.getQueryParams().getFirst("key"));
  }

  /** A claim of the bearer JWT's payload, unverified; {@code null} when there is no JWT or no such claim. */
  static @Nullable String jwtClaim(ServerHttpRequest request, String claim) {
    String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String[] parts = authorization.substring(7).trim().split("\\.");
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonNode payload = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode value = payload.path(claim);
      if (value.isString()) {
        return blankToNull(value.asString());
      }
      return value.isNumber() || value.isBoolean() ? value.toString() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static String sha256Hex(String value) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
