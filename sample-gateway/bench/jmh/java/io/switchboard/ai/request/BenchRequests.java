package io.switchboard.ai.request;

/**
 * Benchmark-only access to {@link AiRequest}'s package-private constructor, so the routing benchmarks can build a
 * request exactly as {@link AiRequestReader} does without a web exchange. Compiled only in the {@code bench} profile.
 */
public final class BenchRequests {

  private BenchRequests() {
  }

  /** A request to {@code path} (any client dialect) as the reader creates it: scanned on creation. */
  public static AiRequest of(String path, byte[] body, JsonBodyScanner scanner) {
    return new AiRequest(body, Endpoint.of(path), scanner.scan(body), null, scanner.mapper());
  }

  /** A chat request as the reader creates it: scanned on creation, tree parsed on demand. */
  public static AiRequest chat(byte[] body, JsonBodyScanner scanner) {
    return new AiRequest(body, Endpoint.of("/v1/chat/completions"), scanner.scan(body), null, scanner.mapper());
  }
}
