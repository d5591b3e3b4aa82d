package io.switchboard.ai.web;

import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Endpoint;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;

/**
 * Answers AI requests that no route took, after the gateway's own handler mapping: a body that is not valid JSON
 * or has no model gets a 400, any other request a 404 {@code model_not_found}, in the client's dialect, instead of
 * the framework's generic 404 page.
 */
public final class NoAiRouteHandlerMapping extends AbstractHandlerMapping {

  private final WebHandler handler;

  public NoAiRouteHandlerMapping(AiRequestReader reader) {
    setOrder(Ordered.LOWEST_PRECEDENCE - 100);
    this.handler = exchange -> reader.read(exchange)
        .flatMap(request -> AiErrorResponder.write(exchange, errorFor(request)))
        .onErrorResume(AiException.class, e -> AiErrorResponder.write(exchange, e));
  }

  @Override
  protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
    if (exchange.getRequest().getMethod() == HttpMethod.POST
        && Endpoint.of(exchange.getRequest().getPath().value()) != null) {
      return Mono.just(handler);
    }
    return Mono.empty();
  }

  private static AiException errorFor(AiRequest request) {
    request.scan();
    String model = request.model();
    if (model == null || model.isBlank()) {
      return AiException.invalidRequest("You must provide a model parameter.", "model");
    }
    return AiException.modelNotFound(model);
  }
}
