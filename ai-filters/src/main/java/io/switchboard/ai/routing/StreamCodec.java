package io.switchboard.ai.routing;

import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.io.ByteArrayOutputStream;

/** Turns a provider's events into the bytes a streaming client receives. One per stream; not thread-safe. */
interface StreamCodec {

  /** Handles one provider event, appending what the client should get (possibly nothing). */
  void onEvent(SseEvent event, ByteArrayOutputStream out);

  /** The provider's stream ended cleanly; appends what is still owed (final usage, terminator). */
  void onComplete(ByteArrayOutputStream out);

  /** Whether the provider ended its stream properly; a stream cut short has not. */
  boolean finished();

  TokenUsage usage();

  /** The event that ends the client's stream when it fails after it started (OpenAI's shape unless overridden). */
  default byte[] errorEvent(AiException error) {
    return AiErrors.openAiStreamErrorEvent(error);
  }
}
