package io.switchboard.ai.governance.secrets;

/** A secret could not be sealed or opened. The message names records and key ids, never a secret. */
public final class SecretException extends IllegalStateException {

  public SecretException(String message) {
    super(message);
  }
}
