package io.switchboard.ai.governance.budget;

import io.switchboard.ai.auth.ClientKeys;
import io.switchboard.ai.request.AiRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.JsonNode;

/**
 * Resolves the value of a {@link BudgetSubject} for a request; {@code null} when the request has none (the limit
 * then does not apply to it). Declare a bean of this type to plug in your own (for example a team looked up from
 * a virtual key); the default reads the exchange attribute, headers and body fields documented on
 * {@link BudgetSubject}.
 */
@FunctionalInterface
public interface BudgetSubjects {

  /**
   * Exchange attribute holding the identity of the client key, set by the authenticating filter ({@code AiAuth}
   * stores the key's SHA-256 hash; a virtual-key filter may store its key id). Never the key itself.
   */
  String KEY_ATTRIBUTE = "io.switchboard.ai.governance.budget.key";

  @Nullable String resolve(BudgetSubject subject, ServerWebExchange exchange, AiRequest request);

  /** The default resolver, with the given user and team headers. */
  static BudgetSubjects headers(String userHeader, String teamHeader) {
    return (subject, exchange, request) -> switch (subject) {
      case KEY -> key(exchange);
      case USER -> user(exchange, request, userHeader);
      case TEAM -> blankToNull(exchange.getRequest().getHeaders().getFirst(teamHeader));
      case MODEL -> request.model();
      case GLOBAL -> "*";
    };
  }

  private static @Nullable String key(ServerWebExchange exchange) {
    Object stored = exchange.getAttribute(KEY_ATTRIBUTE);
    if (stored != null) {
      return stored.toString();
    }
    HttpHeaders headers = exchange.getRequest().getHeaders();
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    String key = null;
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = blankToNull(authorization.substring(7).trim());
    }
    if (key == null) {
      key = blankToNull(headers.getFirst("x-api-key"));
    }
    if (key == null) {
      key = blankToNull(headers.getFirst("x-goog-api-key"));
    }
    if (key == null) {
      key = blankToNull(exchange.getRequest().getQueryParams().getFirst("key"));
    }
    return key == null ? null : ClientKeys.hashOf(key.trim());
  }

  private static @Nullable String user(ServerWebExchange exchange, AiRequest request, String userHeader) {
    String header = blankToNull(exchange.getRequest().getHeaders().getFirst(userHeader));
    if (header != null) {
      return header;
    }
    try {
      JsonNode tree = request.tree();
      String user = tree.path("user").asString(null);
      if (user == null) {
        user = tree.path("metadata").path("user_id").asString(null);
      }
      return blankToNull(user);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
