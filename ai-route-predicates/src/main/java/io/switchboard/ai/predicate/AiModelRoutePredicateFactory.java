package io.switchboard.ai.predicate;

import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.util.PatternMatchUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code AiModel=gpt-4o*,o3-*}: matches AI requests whose model matches one of the globs ({@code *} matches any
 * run of characters; matching is case-sensitive, as model ids are).
 *
 * <p>The model is read from the JSON body, which is read once per exchange (bounded by
 * {@code ai.limits.max-body-size}; a larger body is refused with 413 before it is read) and kept for the rest of
 * the chain and for every other route's predicates, so several AI routes cost one read and one scan. Put cheap
 * predicates such as {@code Path} first: predicates are evaluated in order and stop at the first that fails.
 * A body that is not valid JSON matches no route; the gateway then answers 400.
 */
public class AiModelRoutePredicateFactory extends AbstractRoutePredicateFactory<AiModelRoutePredicateFactory.Config> {

  private final AiRequestReader reader;

  public AiModelRoutePredicateFactory(AiRequestReader reader) {
    super(Config.class);
    this.reader = reader;
  }

  @Override
  public List<String> shortcutFieldOrder() {
    return List.of("patterns");
  }

  @Override
  public ShortcutType shortcutType() {
    return ShortcutType.GATHER_LIST;
  }

  @Override
  public Predicate<ServerWebExchange> apply(Config config) {
    throw new UnsupportedOperationException("AiModel is asynchronous: it reads the request body");
  }

  @Override
  public AsyncPredicate<ServerWebExchange> applyAsync(Config config) {
    String[] globs = config.getPatterns().stream().map(String::trim).filter(s -> !s.isEmpty())
        .toArray(String[]::new);
    if (globs.length == 0) {
      throw new IllegalArgumentException("AiModel: no model pattern given (expected e.g. AiModel=gpt-4o*,o3-*)");
    }
    return new AsyncPredicate<>() {
      @Override
      public Mono<Boolean> apply(ServerWebExchange exchange) {
        AiRequest cached = AiRequestReader.cached(exchange);
        if (cached != null) {
          return Mono.just(matches(cached, globs));
        }
        return reader.read(exchange).map(request -> matches(request, globs));
      }

      @Override
      public String toString() {
        return "AiModel: " + String.join(",", globs);
      }
    };
  }

  static boolean matches(AiRequest request, String[] globs) {
    String model = request.model();
    return model != null && PatternMatchUtils.simpleMatch(globs, model);
  }

  /** Arguments of {@code AiModel}. */
  public static class Config {

    /** Model globs; a request matches when its model matches any of them. */
    private List<String> patterns = new ArrayList<>();

    public List<String> getPatterns() {
      return patterns;
    }

    public Config setPatterns(List<String> patterns) {
      this.patterns = patterns;
      return this;
    }
  }
}
