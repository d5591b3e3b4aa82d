package io.switchboard.ai.predicate;

import io.switchboard.ai.catalog.PromptTokens;
import io.switchboard.ai.request.AiRequestReader;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code AiPromptTokens=100000} (long prompts), {@code AiPromptTokens=0,32000} (short ones),
 * {@code AiPromptTokens=8000,32000}: matches AI requests whose estimated prompt size is within
 * {@code [min, max)}, i.e. at least {@code min} (inclusive) and below {@code max} (exclusive), so that adjacent
 * ranges such as {@code 0,32000} and {@code 32000} split requests without overlap or gap.
 *
 * <p>The estimate is {@link PromptTokens}' (the same as the gateway's {@code count_tokens} endpoints), in every
 * client dialect, computed once per exchange and kept on it for every other route and for later filters. It costs a
 * full parse and a tokenizer pass over the prompt (about 40 µs for a 1 KB request, 22 ms for 100k tokens; see
 * docs/routing.md), so it runs only when the route's earlier predicates matched: put cheap predicates
 * ({@code Path}, {@code AiDialect}, {@code AiModel}) first. Long bodies are estimated off the event loop
 * ({@link PromptTokens#ofAsync}). A request that cannot be estimated (not JSON, not an AI endpoint) does not match.
 *
 * <p>Shortcut: {@code min[,max]}. Spring Cloud Gateway's shortcut parser drops empty arguments, so a maximum alone is
 * written {@code 0,max} (or in the full form, {@code args: {max: 32000}}); the startup check refuses
 * {@code AiPromptTokens=,32000}, which would otherwise read as a minimum.
 */
public class AiPromptTokensRoutePredicateFactory
    extends AbstractRoutePredicateFactory<AiPromptTokensRoutePredicateFactory.Config> {

  private final AiRequestReader reader;

  public AiPromptTokensRoutePredicateFactory(AiRequestReader reader) {
    super(Config.class);
    this.reader = reader;
  }

  @Override
  public List<String> shortcutFieldOrder() {
    return List.of("min", "max");
  }

  @Override
  public Predicate<ServerWebExchange> apply(Config config) {
    throw new UnsupportedOperationException("AiPromptTokens is asynchronous: it reads the request body");
  }

  @Override
  public AsyncPredicate<ServerWebExchange> applyAsync(Config config) {
    long min = config.getMin() == null ? 0 : config.getMin();
    long max = config.getMax() == null ? Long.MAX_VALUE : config.getMax();
    if (config.getMin() == null && config.getMax() == null) {
      throw new IllegalArgumentException("AiPromptTokens: no bound given (expected min and/or max, e.g. "
          + "AiPromptTokens=100000 or AiPromptTokens=0,32000)");
    }
    if (min < 0 || max < 1 || min >= max) {
      throw new IllegalArgumentException("AiPromptTokens: min " + min + ", max "
          + (config.getMax() == null ? "none" : max) + " (expected 0 <= min < max; min is inclusive, max exclusive)");
    }
    return new AsyncPredicate<>() {
      @Override
      public Mono<Boolean> apply(ServerWebExchange exchange) {
        return reader.read(exchange).flatMap(request -> PromptTokens.ofAsync(exchange, request))
            .map(this::within);
      }

      private boolean within(long tokens) {
        return tokens != PromptTokens.UNKNOWN && tokens >= min && tokens < max;
      }

      @Override
      public String toString() {
        return "AiPromptTokens: " + min + " <= tokens" + (max == Long.MAX_VALUE ? "" : " < " + max);
      }
    };
  }

  /** Arguments of {@code AiPromptTokens}; at least one bound is required. */
  public static class Config {

    /** Smallest matching estimate (inclusive); none means 0. */
    private @Nullable Long min;

    /** Estimates from this one up do not match (exclusive); none means no upper bound. */
    private @Nullable Long max;

    public @Nullable Long getMin() {
      return min;
    }

    public Config setMin(@Nullable Long min) {
      this.min = min;
      return this;
    }

    public @Nullable Long getMax() {
      return max;
    }

    public Config setMax(@Nullable Long max) {
      this.max = max;
      return this;
    }
  }
}
