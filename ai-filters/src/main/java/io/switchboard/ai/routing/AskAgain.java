package io.switchboard.ai.routing;

import io.switchboard.ai.error.AiException;

/**
 * Thrown by an {@link AnswerTap} that rejects a JSON answer before any of it was written, asking the route to run
 * once more with another request body (in the client's dialect: the original conversation plus the rejected answer
 * and a correction, for instance). The route asks again at most once per exchange; when it may not, or the second
 * answer is rejected too, the client gets {@link #otherwise()}.
 */
public final class AskAgain extends RuntimeException {

  /** Exchange attribute set once a route asked again, so it never asks twice. */
  public static final String ASKED_ATTRIBUTE = AskAgain.class.getName() + ".asked";

  private final transient byte[] body;
  private final AiException otherwise;

  public AskAgain(byte[] body, AiException otherwise) {
    super(otherwise.getMessage(), null, false, false);
    this.body = body.clone();
    this.otherwise = otherwise;
  }

  /** The request body of the second try. */
  public byte[] body() {
    return body.clone();
  }

  /** The error the client gets when the route does not ask again. */
  public AiException otherwise() {
    return otherwise;
  }
}
