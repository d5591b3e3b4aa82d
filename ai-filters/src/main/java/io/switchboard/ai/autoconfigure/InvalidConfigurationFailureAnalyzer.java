package io.switchboard.ai.autoconfigure;

import io.switchboard.ai.provider.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Shows Switchboard's configuration problems as Spring Boot's "APPLICATION FAILED TO START" report. */
public final class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
    return new FailureAnalysis(cause.getMessage(),
        "Correct the properties listed above (see docs/configuration.md for every property and its default).",
        cause);
  }
}
