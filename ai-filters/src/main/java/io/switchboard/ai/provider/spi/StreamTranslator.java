package io.switchboard.ai.provider.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates one provider event stream, event by event, into OpenAI {@code chat.completion.chunk} objects. Stateful,
 * used by a single stream, never shared; pure otherwise (no I/O, no clock).
 */
public interface StreamTranslator {

  /**
   * Handles one server-sent event of the provider's stream.
   *
   * @param event the SSE {@code event:} field, or {@code null} when the event had none
   * @param data the SSE {@code data:} payload (lines joined with {@code \n}); never {@code [DONE]}
   * @param out receives zero or more chunks to send to the client, in order
   * @throws io.switchboard.ai.error.AiException when the provider reports an error inside the stream
   */
  void onEvent(@Nullable String event, String data, List<ObjectNode> out);

  /**
   * Called once when the provider's stream ended cleanly. Emits what is still owed: the usage chunk (a chunk with
   * {@code "choices": []} and {@code usage}) when {@link TranslationContext#includeUsage()} is set.
   */
  void onComplete(List<ObjectNode> out);

  /** Whether the provider signalled a proper end (a finish reason or its stop event); a stream cut short has not. */
  boolean finished();

  /** The usage seen so far. */
  TokenUsage usage();
}
