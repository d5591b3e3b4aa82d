package io.switchboard.ai.error;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.Endpoint;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes an {@link AiException} as the client's error response, in the shape of the dialect the request path names
 * (OpenAI's when it names none), when the response is not yet committed.
 */
public final class AiErrorResponder {

  /** Exchange attribute holding the {@link AiException} the gateway answered (or ended a stream) with. */
  public static final String ERROR_ATTRIBUTE = AiErrorResponder.class.getName() + ".error";

  private AiErrorResponder() {
  }

  /**
   * Writes the error. When the response is already committed (a stream is under way) nothing can be written here;
   * streams end with an error event instead (see the routing engine).
   */
  public static Mono<Void> write(ServerWebExchange exchange, AiException error) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    exchange.getAttributes().put(ERROR_ATTRIBUTE, error);
    Endpoint endpoint = Endpoint.of(exchange.getRequest().getPath().value());
    Dialect dialect = endpoint == null ? Dialect.OPENAI : endpoint.dialect();
    byte[] body = Json.MAPPER.writeValueAsBytes(AiErrors.envelope(dialect, error));
    response.setStatusCode(HttpStatusCode.valueOf(error.status()));
    HttpHeaders headers = response.getHeaders();
    headers.remove(HttpHeaders.TRANSFER_ENCODING);
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setContentLength(body.length);
    if (error.retryAfter() != null) {
      headers.set(HttpHeaders.RETRY_AFTER, error.retryAfter());
    }
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }
}
