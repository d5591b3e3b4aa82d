package io.switchboard.ai.error;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers {@link AiException}s that escape a filter chain or a predicate (which cannot write a response itself) in
 * the client's dialect. Runs before Spring Boot's error handler; every other exception is left to it.
 */
public final class AiErrorWebExceptionHandler implements WebExceptionHandler, Ordered {

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    AiException ai = find(ex, 0);
    if (ai != null && !exchange.getResponse().isCommitted()) {
      return AiErrorResponder.write(exchange, ai);
    }
    return Mono.error(ex);
  }

  /**
   * Finds an {@link AiException} in a failure: route predicates are evaluated together, so a predicate's error can
   * arrive wrapped, or as one of several suppressed by a composite.
   */
  static @Nullable AiException find(@Nullable Throwable ex, int depth) {
    if (ex == null || depth > 8) {
      return null;
    }
    if (ex instanceof AiException ai) {
      return ai;
    }
    for (Throwable suppressed : ex.getSuppressed()) {
      AiException found = find(suppressed, depth + 1);
      if (found != null) {
        return found;
      }
    }
    return ex.getCause() == ex ? null : find(ex.getCause(), depth + 1);
  }

  @Override
  public int getOrder() {
    return -2;
  }
}
