package io.switchboard.ai.provider.spi;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One server-sent event for a client: its {@code event:} name ({@code null} for dialects that use none, such as
 * Gemini's and OpenAI's) and its JSON {@code data:}.
 */
public record StreamEvent(@Nullable String event, JsonNode data) {
}
