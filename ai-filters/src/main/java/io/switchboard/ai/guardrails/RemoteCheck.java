package io.switchboard.ai.guardrails;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A check answered by a configured provider (moderation, classifier, topics), called without blocking through the
 * gateway's own HTTP client. It says whether the text violates it (the labels it found), not where.
 */
public interface RemoteCheck {

  /** The labels found ({@code hate}, {@code injection}, {@code topic:medical} …), empty when the text is fine. */
  Mono<List<String>> check(String text);
}
