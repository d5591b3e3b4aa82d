package io.switchboard.ai.provider;

import java.util.List;

/**
 * Switchboard's settings are wrong; thrown at startup with every problem found, each as
 * {@code property: value (expected: ...)}. Spring Boot reports it through {@code InvalidConfigurationFailureAnalyzer}
 * as a plain description instead of a stack trace.
 */
public final class InvalidConfigurationException extends IllegalStateException {

  private final List<String> problems;

  public InvalidConfigurationException(String what, List<String> problems) {
    super(what + ":\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
