package io.switchboard.ai.request;

/**
 * Benchmark-only access to {@link AiRequest}'s package-private constructor, so the routing benchmarks can build a
 * request exactly as {@link AiRequestReader} does without a web exchange. Compiled only in the {@code bench} profile.
 */
public final class BenchRequests {

  private BenchRequests() {
  }

  /** A chat request as the reader creates it: scanned on creation, tree parsed on demand. */
  public static AiRequest chat(byte[] body, JsonBodyScanner scanner) {
    return new AiRequest(body, Endpoint.of("/v1/chat/completions"), scanner.scan(body), null, scanner.mapper());
  }
}
