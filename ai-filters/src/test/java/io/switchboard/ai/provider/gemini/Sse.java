package io.switchboard.ai.provider.gemini;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A minimal server-sent events splitter for test fixtures: events end at a blank line, {@code data:} lines are
 * joined with {@code \n}, {@code event:} names the event, comments and other fields are ignored. Accepts LF and
 * CRLF line ends.
 */
final class Sse {

  record Event(@Nullable String event, String data) {
  }

  private Sse() {
  }

  static List<Event> parse(String text) {
    List<Event> events = new ArrayList<>();
    String name = null;
    StringBuilder data = null;
    for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new Event(name, data.toString()));
        }
        name = null;
        data = null;
      } else if (line.startsWith("data:")) {
        data = data == null ? new StringBuilder() : data.append('\n');
        data.append(value(line, "data:"));
      } else if (line.startsWith("event:")) {
        name = value(line, "event:");
      }
    }
    if (data != null) {
      events.add(new Event(name, data.toString()));
    }
    return events;
  }

  /** A field's value, without the one optional space after the colon. */
  private static String value(String line, String field) {
    String value = line.substring(field.length());
    return value.startsWith(" ") ? value.substring(1) : value;
  }
}
