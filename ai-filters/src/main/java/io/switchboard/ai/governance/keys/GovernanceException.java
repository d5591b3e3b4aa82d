package io.switchboard.ai.governance.keys;

/** A refused admin operation: a status (400, 403, 404) and a message that never contains a key or a hash. */
public final class GovernanceException extends RuntimeException {

  private final int status;

  private GovernanceException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static GovernanceException badRequest(String message) {
    return new GovernanceException(400, message);
  }

  public static GovernanceException forbidden(String message) {
    return new GovernanceException(403, message);
  }

  public static GovernanceException notFound(String what) {
    return new GovernanceException(404, what + " not found");
  }

  public int status() {
    return status;
  }
}
