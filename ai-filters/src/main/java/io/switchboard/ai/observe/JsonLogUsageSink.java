package io.switchboard.ai.observe;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every usage record as one JSON object per line at INFO to the logger {@value #LOGGER}, for log pipelines
 * to collect (route that logger to its own appender or file to keep it apart from the application's log).
 */
public final class JsonLogUsageSink implements UsageSink {

  public static final String LOGGER = "io.switchboard.ai.usage";

  private final Logger log;

  public JsonLogUsageSink() {
    this(LoggerFactory.getLogger(LOGGER));
  }

  JsonLogUsageSink(Logger log) {
    this.log = log;
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public void accept(List<UsageRecord> batch) {
    if (!log.isInfoEnabled()) {
      return;
    }
    for (UsageRecord record : batch) {
      log.info(UsageJson.write(record));
    }
  }
}
