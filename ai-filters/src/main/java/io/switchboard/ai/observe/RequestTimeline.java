package io.switchboard.ai.observe;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where one AI request's time goes, kept on its exchange (under {@link #ATTRIBUTE}) by the usage filter and fed by
 * the routing engine: upstream time is the union of the intervals with at least one attempt open (a hedge overlaps
 * the attempt it races, and that time counts once), backoff is the time spent waiting deliberately between attempts
 * (a backoff or a Retry-After), and the commit is when the answer's head went out. What remains of the total is
 * the gateway's own overhead.
 *
 * <p>All times are {@link System#nanoTime()}. Attempts may start and end on different threads (hedges), so the
 * methods synchronize on this object: per request, short, and practically never contended.
 */
public final class RequestTimeline {

  /** The exchange attribute holding the timeline. */
  public static final String ATTRIBUTE = RequestTimeline.class.getName();

  private final long arrivalNanos;
  private final Instant arrival;
  private final boolean headers;
  private int open;
  private long intervalStart;
  private long upstreamNanos;
  private long backoffStart = -1;
  private long backoffNanos;
  private volatile long committedNanos = -1;

  /**
   * @param headers whether answers get the {@code x-switchboard-overhead-ms} and {@code x-switchboard-target}
   *     headers
   */
  public RequestTimeline(long arrivalNanos, Instant arrival, boolean headers) {
    this.arrivalNanos = arrivalNanos;
    this.arrival = arrival;
    this.headers = headers;
  }

  /** The exchange's timeline, or {@code null} when usage is not observed. */
  public static @Nullable RequestTimeline of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE);
  }

  public long arrivalNanos() {
    return arrivalNanos;
  }

  public Instant arrival() {
    return arrival;
  }

  public boolean headers() {
    return headers;
  }

  /** An upstream attempt started: ends a backoff wait, and opens an upstream interval unless one is open. */
  public synchronized void attemptStarted(long now) {
    endBackoff(now);
    if (open++ == 0) {
      intervalStart = now;
    }
  }

  /** An upstream attempt ended (served, failed or cancelled); the interval closes when no other attempt is open. */
  public synchronized void attemptEnded(long now) {
    if (open > 0 && --open == 0) {
      upstreamNanos += Math.max(0, now - intervalStart);
    }
  }

  /** The engine starts waiting deliberately before the next attempt; the wait ends when that attempt starts. */
  public synchronized void backoffStarted(long now) {
    if (backoffStart < 0) {
      backoffStart = now;
    }
  }

  private void endBackoff(long now) {
    if (backoffStart >= 0) {
      backoffNanos += Math.max(0, now - backoffStart);
      backoffStart = -1;
    }
  }

  /** The response head went out (the first output of an answer, or an error response). */
  public void committed(long now) {
    if (committedNanos < 0) {
      committedNanos = now;
    }
  }

  /** When the head went out, or -1 when it has not. */
  public long committedNanos() {
    return committedNanos;
  }

  /** Time with at least one attempt open, until {@code now} (an open interval counts up to now). */
  public synchronized long upstreamNanos(long now) {
    return upstreamNanos + (open > 0 ? Math.max(0, now - intervalStart) : 0);
  }

  /** Time spent waiting between attempts, until {@code now}. */
  public synchronized long backoffNanos(long now) {
    return backoffNanos + (backoffStart >= 0 ? Math.max(0, now - backoffStart) : 0);
  }

  /** The gateway's own time until {@code now}: elapsed minus upstream minus backoff (never negative). */
  public synchronized long overheadNanos(long now) {
    return Math.max(0, now - arrivalNanos - upstreamNanos(now) - backoffNanos(now));
  }
}
