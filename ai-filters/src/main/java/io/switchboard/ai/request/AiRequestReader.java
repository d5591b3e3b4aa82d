package io.switchboard.ai.request;

import io.switchboard.ai.error.AiException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads an AI request body at most once per exchange, bounded in size, and keeps it re-readable for the rest of
 * the chain. Predicates and filters share the result through {@link AiRequest#ATTRIBUTE}.
 *
 * <p>Unlike Spring Cloud Gateway's own body caching, the joined (possibly pooled, direct) buffers are copied to the
 * heap and released at once, and the size limit applies to chunked bodies too. A request whose
 * {@code Content-Length} is over the limit is refused before any of it is read.
 */
public final class AiRequestReader {

  private static final String FAILURE_ATTRIBUTE = AiRequestReader.class.getName() + ".failure";

  private final long maxBodySize;
  private final JsonBodyScanner scanner;

  public AiRequestReader(long maxBodySize, JsonBodyScanner scanner) {
    this.maxBodySize = maxBodySize;
    this.scanner = scanner;
  }

  /** The request of this exchange if already read, else {@code null}. */
  public static @Nullable AiRequest cached(ServerWebExchange exchange) {
    return exchange.getAttribute(AiRequest.ATTRIBUTE);
  }

  /**
   * Reads (or returns the already read) request of an exchange. Invalid JSON does not fail here: it is recorded
   * and reported by {@link AiRequest#scan()} to whoever needs the body, so a predicate can simply not match.
   *
   * @return the request; errors with a 413 {@link AiException} when the body is too large
   */
  public Mono<AiRequest> read(ServerWebExchange exchange) {
    AiRequest existing = cached(exchange);
    if (existing != null) {
      return Mono.just(existing);
    }
    AiException earlier = exchange.getAttribute(FAILURE_ATTRIBUTE);
    if (earlier != null) {
      return Mono.error(earlier); // the body was (partly) consumed by the failed read: report the same failure
    }
    ServerHttpRequest request = exchange.getRequest();
    long declared = request.getHeaders().getContentLength();
    if (declared > maxBodySize) {
      return Mono.error(remember(exchange, tooLarge()));
    }
    Endpoint endpoint = Endpoint.of(request.getPath().value());
    if (request.getMethod() != HttpMethod.POST) {
      AiRequest empty = create(new byte[0], endpoint);
      exchange.getAttributes().put(AiRequest.ATTRIBUTE, empty);
      return Mono.just(empty);
    }
    return DataBufferUtils.join(request.getBody(), (int) Math.min(maxBodySize, Integer.MAX_VALUE - 8))
        .map(AiRequestReader::copyAndRelease)
        .defaultIfEmpty(new byte[0])
        .onErrorMap(DataBufferLimitException.class, e -> remember(exchange, tooLarge()))
        .map(bytes -> {
          AiRequest ai = create(bytes, endpoint);
          exchange.getAttributes().put(AiRequest.ATTRIBUTE, ai);
          // Keep the body re-readable for whatever route ends up serving the request (see class comment).
          DataBuffer replay = DefaultDataBufferFactory.sharedInstance.wrap(bytes);
          exchange.getAttributes().put(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR, replay);
          exchange.getAttributes().put(ServerWebExchangeUtils.CACHED_SERVER_HTTP_REQUEST_DECORATOR_ATTR,
              replayable(request, bytes));
          return ai;
        });
  }

  private static AiException remember(ServerWebExchange exchange, AiException failure) {
    exchange.getAttributes().put(FAILURE_ATTRIBUTE, failure);
    return failure;
  }

  /**
   * A fresh copy of a request for another upstream attempt: its own parse tree (translators may rework a tree), and
   * without the given top-level fields (parameters a failover target rejects). The exchange's request is unchanged.
   */
  public AiRequest copyForAttempt(AiRequest request, java.util.Set<String> dropFields) {
    byte[] bytes = request.body();
    if (!dropFields.isEmpty() && request.endpoint() != null) {
      try {
        tools.jackson.databind.node.ObjectNode tree = request.tree().deepCopy();
        boolean changed = false;
        for (String field : dropFields) {
          changed |= tree.remove(field) != null;
        }
        if (changed) {
          bytes = scanner.mapper().writeValueAsBytes(tree);
        }
      } catch (AiException e) {
        // An invalid body stays as it is: the attempt reports it to the client.
      }
    }
    return create(bytes, request.endpoint());
  }

  /**
   * The same request with another body (a filter that rewrote it, such as guardrail redaction); callers put it under
   * {@link AiRequest#ATTRIBUTE} in place of the original.
   */
  public AiRequest withBody(AiRequest request, byte[] body) {
    return create(body, request.endpoint());
  }

  private AiRequest create(byte[] bytes, @Nullable Endpoint endpoint) {
    BodyScan scan = null;
    AiException invalid = null;
    if (bytes.length > 0) {
      try {
        scan = scanner.scan(bytes);
      } catch (AiException e) {
        invalid = e;
      }
    }
    return new AiRequest(bytes, endpoint, scan, invalid, scanner.mapper());
  }

  private AiException tooLarge() {
    return AiException.tooLarge("The request body is larger than the gateway accepts (" + maxBodySize
        + " bytes).");
  }

  private static byte[] copyAndRelease(DataBuffer joined) {
    try {
      byte[] bytes = new byte[joined.readableByteCount()];
      joined.toByteBuffer(joined.readPosition(), ByteBuffer.wrap(bytes), 0, bytes.length);
      return bytes;
    } finally {
      DataBufferUtils.release(joined);
    }
  }

  /**
   * Replaces the request body for the rest of the chain (a filter that rewrote it, such as guardrail redaction): the
   * AI request under {@link AiRequest#ATTRIBUTE}, the cached body Spring Cloud Gateway replays, and the request the
   * returned exchange carries (its {@code Content-Length} corrected), so the rewritten body is what any route sends
   * upstream: an AI route, which reads the AI request, or a plain proxy route, which forwards the request's body.
   *
   * @return the exchange to pass down the chain
   */
  public ServerWebExchange replaceBody(ServerWebExchange exchange, AiRequest request, byte[] body) {
    exchange.getAttributes().put(AiRequest.ATTRIBUTE, withBody(request, body));
    exchange.getAttributes().put(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR,
        DefaultDataBufferFactory.sharedInstance.wrap(body));
    ServerHttpRequest original = exchange.getRequest();
    HttpHeaders headers = HttpHeaders.copyOf(original.getHeaders());
    if (headers.getContentLength() >= 0) {
      headers.setContentLength(body.length);
    }
    ServerHttpRequest replaced = new ServerHttpRequestDecorator(replayable(original, body)) {
      @Override
      public HttpHeaders getHeaders() {
        return headers;
      }
    };
    exchange.getAttributes().put(ServerWebExchangeUtils.CACHED_SERVER_HTTP_REQUEST_DECORATOR_ATTR, replaced);
    return exchange.mutate().request(replaced).build();
  }

  private static ServerHttpRequest replayable(ServerHttpRequest request, byte[] bytes) {
    return new ServerHttpRequestDecorator(request) {
      @Override
      public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)));
      }
    };
  }
}
