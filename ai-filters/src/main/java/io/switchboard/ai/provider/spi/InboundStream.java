package io.switchboard.ai.provider.spi;

import io.switchboard.ai.error.AiException;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a stream of canonical {@code chat.completion.chunk}s into the client dialect's event stream (for Anthropic
 * clients: {@code message_start}, {@code content_block_*}, {@code message_delta}, {@code message_stop}). Stateful,
 * one per stream, never shared; pure otherwise.
 */
public interface InboundStream {

  /** Handles one canonical chunk, appending the client events it produces (possibly none). */
  void onChunk(ObjectNode chunk, List<StreamEvent> out);

  /** The canonical stream ended cleanly; appends the dialect's closing events. */
  void onComplete(List<StreamEvent> out);

  /** The stream failed after it started; appends the dialect's error event. */
  void onError(AiException error, List<StreamEvent> out);
}
