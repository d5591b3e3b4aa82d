package io.switchboard.ai.governance.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What an admin asks for when creating or updating a key; {@code null} fields are "unset" / "unchanged". */
public record KeySpec(@Nullable String name, @Nullable String user, @Nullable String team,
    @Nullable List<String> models, @Nullable List<String> routes, @Nullable Instant expiresAt,
    @Nullable Map<String, String> metadata, @Nullable KeyLimits limits) {
}
