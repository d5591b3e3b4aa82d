package io.switchboard.ai.routing;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The response head of an answer (always status 200: failures before the head are errors, not answers) and, for
 * streams, how to end the client's stream in its dialect if the answer fails after it started.
 *
 * @param stream an event stream ({@code text/event-stream}), else one JSON body
 * @param headers response headers to set (served-by, request id, cost) in order
 * @param call the exchange's accounting of the attempt that produced the answer
 * @param providerId names the provider in errors after the head
 * @param errorEvent the event that ends a failed stream; unused for JSON
 * @param usage the usage seen so far, recorded when a stream fails after it started
 * @param client the client's dialect, to read back the partial output of a stream that broke
 */
record AnswerHead(boolean stream, Map<String, String> headers, AiCall call, String providerId,
    @Nullable Function<AiException, byte[]> errorEvent, @Nullable Supplier<TokenUsage> usage,
    io.switchboard.ai.request.@Nullable Dialect client) {

  static AnswerHead json(Map<String, String> headers, AiCall call, String providerId) {
    return new AnswerHead(false, new LinkedHashMap<>(headers), call, providerId, null, null, null);
  }
}
