package io.switchboard.ai.error;

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
    if (ex instanceof AiException ai && !exchange.getResponse().isCommitted()) {
      return AiErrorResponder.write(exchange, ai);
    }
    return Mono.error(ex);
  }

  @Override
  public int getOrder() {
    return -2;
  }
}
