package io.switchboard.ai.predicate;

import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.JsonBodyScanner;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Exchanges as the gateway hands them to predicates, and the reader the predicates share. */
final class Exchanges {

  static final AiRequestReader READER = new AiRequestReader(1 << 20, new JsonBodyScanner(64));

  private Exchanges() {
  }

  static MockServerWebExchange post(String path, String body, String... headers) {
    MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.post(path)
        .contentType(MediaType.APPLICATION_JSON);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return MockServerWebExchange.from(request.body(body));
  }

  /** A POST whose body counts how often it is subscribed to, i.e. read. */
  static MockServerWebExchange counting(String path, String body, AtomicInteger reads) {
    Flux<DataBuffer> content = Flux.defer(() -> {
      reads.incrementAndGet();
      return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body.getBytes(StandardCharsets.UTF_8)));
    });
    return MockServerWebExchange.from(MockServerHttpRequest.post(path).contentType(MediaType.APPLICATION_JSON)
        .body(content));
  }

  static boolean test(AsyncPredicate<ServerWebExchange> predicate, ServerWebExchange exchange) {
    return Boolean.TRUE.equals(Mono.from(predicate.apply(exchange)).block());
  }
}
