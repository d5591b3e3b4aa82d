package io.switchboard.ai.governance.audit;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One recorded change: who (an admin key id, a team admin, or {@code config} for YAML), what ({@code key.create},
 * {@code key.rotate}, {@code team.update}, …), on which object, when, and the object before and after (listing
 * views: keys appear only as prefix and last four characters; secrets redacted).
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String target,
    @Nullable Map<String, Object> before, @Nullable Map<String, Object> after) {
}
