package io.switchboard.ai.routing;

import org.jspecify.annotations.Nullable;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field, or {@code null}
 * @param data the {@code data:} lines joined with {@code \n} ({@code ""} when none)
 * @param raw the event's bytes exactly as received, blank-line terminator included
 */
record SseEvent(@Nullable String event, String data, byte[] raw) {
}
