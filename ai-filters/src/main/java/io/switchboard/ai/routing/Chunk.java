package io.switchboard.ai.routing;

import org.jspecify.annotations.Nullable;

/**
 * A piece of an answer on its way to the client. The first piece of every answer carries its {@link AnswerHead};
 * until that piece exists nothing has reached the client, so the attempt that produces it may still fail over.
 */
record Chunk(@Nullable AnswerHead head, byte[] bytes) {

  static Chunk first(AnswerHead head, byte[] bytes) {
    return new Chunk(head, bytes);
  }

  static Chunk next(byte[] bytes) {
    return new Chunk(null, bytes);
  }
}
