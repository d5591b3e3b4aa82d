package io.switchboard.ai.observe;

import io.switchboard.ai.Json;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** Usage records as JSON: one object, camelCase fields as in {@link UsageRecord}, costs as plain decimals. */
public final class UsageJson {

  private static final JsonMapper MAPPER = Json.MAPPER.rebuild()
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private UsageJson() {
  }

  public static String write(UsageRecord record) {
    return MAPPER.writeValueAsString(record);
  }
}
