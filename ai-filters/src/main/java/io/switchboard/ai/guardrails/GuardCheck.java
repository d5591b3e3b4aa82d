package io.switchboard.ai.guardrails;

import org.jspecify.annotations.Nullable;

/**
 * One compiled check of a policy: exactly one of {@code text} (in process), {@code remote} (a provider) or
 * {@code schema} (the answer against the request's {@code response_format}).
 */
record GuardCheck(String policy, String name, String stage, Action action, boolean failOpen,
    @Nullable TextCheck text, @Nullable RemoteCheck remote, @Nullable JsonSchemaCheck schema) {

  boolean skipsSystem() {
    return text instanceof Injection;
  }
}
