package io.switchboard.ai.failover;

import java.util.Locale;

/** What a failover route does after an attempt failed with a given {@link ErrorClass}. */
public enum FailureAction {
  /** Try the next target; this target may be tried again later in the same request (after a backoff). */
  RETRY,
  /** Try the next target; not this one again in this request. */
  FAILOVER,
  /** Try the next target and take this one out of rotation (its circuit opens) for every request. */
  EJECT,
  /** Only targets whose model has a larger context window than this one's are tried next. */
  FAILOVER_LARGER_CONTEXT,
  /** Answer the client with the error now; never retried. */
  RETURN;

  public static FailureAction parse(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
