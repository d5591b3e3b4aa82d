package io.switchboard.ai.predicate;

import io.switchboard.ai.request.AiRequestReader;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code AiMetadata=tier,gold|platinum}, {@code AiMetadata=user,team-a-.*}, {@code AiMetadata=header:x-tenant,acme}:
 * matches requests that carry a value under {@code key} which matches {@code regexp} as a whole (as {@code Header}
 * does), or, without {@code regexp}, that carry the key at all.
 *
 * <p>The key names a value in the request body ({@link RequestMetadata}: {@code metadata.<key>}, Gemini/Vertex
 * {@code labels.<key>}; for {@code user}, also OpenAI's {@code user} and Anthropic's {@code metadata.user_id}), or,
 * written {@code header:<name>}, a request header (any of its values may match; the body is then not read). Keys are
 * case-sensitive; header names are not.
 *
 * <p>The pattern is a Java regular expression compiled at startup. The values it is run against come from clients:
 * avoid patterns with nested quantifiers such as {@code (a+)+}, which backtrack catastrophically on crafted input
 * (values are bounded only by {@code ai.limits.max-body-size}). A pattern containing {@code ,} must use the full form
 * ({@code args: {key: tier, regexp: 'a{1,3}'}}), as the shortcut splits at commas.
 */
public class AiMetadataRoutePredicateFactory
    extends AbstractRoutePredicateFactory<AiMetadataRoutePredicateFactory.Config> {

  /** Prefix of a key that names a request header instead of a body value. */
  public static final String HEADER_PREFIX = "header:";

  private final AiRequestReader reader;

  public AiMetadataRoutePredicateFactory(AiRequestReader reader) {
    super(Config.class);
    this.reader = reader;
  }

  @Override
  public List<String> shortcutFieldOrder() {
    return List.of("key", "regexp");
  }

  @Override
  public Predicate<ServerWebExchange> apply(Config config) {
    throw new UnsupportedOperationException("AiMetadata is asynchronous: it may read the request body");
  }

  @Override
  public AsyncPredicate<ServerWebExchange> applyAsync(Config config) {
    String key = config.getKey() == null ? "" : config.getKey().trim();
    boolean header = key.toLowerCase(Locale.ROOT).startsWith(HEADER_PREFIX);
    String name = header ? key.substring(HEADER_PREFIX.length()).trim() : key;
    if (name.isEmpty() || (header && !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"))) {
      throw new IllegalArgumentException("AiMetadata: key '" + key + "' (expected a metadata key such as tier, "
          + "or header:<header-name>, e.g. AiMetadata=tier,gold|platinum)");
    }
    Pattern pattern = compile(config.getRegexp());
    return new AsyncPredicate<>() {
      @Override
      public Mono<Boolean> apply(ServerWebExchange exchange) {
        if (header) {
          return Mono.just(matches(exchange.getRequest().getHeaders().getValuesAsList(name), pattern));
        }
        return reader.read(exchange).map(request -> matches(RequestMetadata.of(exchange, request).values(name),
            pattern));
      }

      @Override
      public String toString() {
        return "AiMetadata: " + (header ? HEADER_PREFIX : "") + name
            + (pattern == null ? " present" : " regexp=" + pattern.pattern());
      }
    };
  }

  private static boolean matches(List<String> values, @Nullable Pattern pattern) {
    if (pattern == null) {
      return !values.isEmpty();
    }
    for (String value : values) {
      if (pattern.matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable Pattern compile(@Nullable String regexp) {
    if (regexp == null || regexp.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(regexp);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("AiMetadata: regexp '" + regexp + "' (expected a Java regular expression: "
          + e.getDescription() + " near index " + e.getIndex() + ")");
    }
  }

  /** Arguments of {@code AiMetadata}. */
  public static class Config {

    /** A body metadata key ({@code tier}, {@code user}) or {@code header:<name>}. */
    private @Nullable String key;

    /** A Java regular expression the whole value must match; none: the key only has to be present. */
    private @Nullable String regexp;

    public @Nullable String getKey() {
      return key;
    }

    public Config setKey(@Nullable String key) {
      this.key = key;
      return this;
    }

    public @Nullable String getRegexp() {
      return regexp;
    }

    public Config setRegexp(@Nullable String regexp) {
      this.regexp = regexp;
      return this;
    }
  }
}
