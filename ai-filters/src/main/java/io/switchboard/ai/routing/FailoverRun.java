package io.switchboard.ai.routing;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.failover.ErrorClass;
import io.switchboard.ai.failover.FailoverPolicy;
import io.switchboard.ai.failover.FailureAction;
import io.switchboard.ai.failover.TargetState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * The state of one request on a failover route: the targets in the order chosen for it, which were tried or ruled
 * out, the attempts made and the last error. Attempts may run concurrently (a hedge), so every method is
 * synchronized; all are short and never block.
 */
final class FailoverRun {

  /** The next target to try, after waiting {@code waitNanos} (a backoff, a Retry-After, or a hedge delay). */
  record Pick(int position, long waitNanos) {
  }

  /** An attempt that started. */
  static final class Started {
    final int number;
    final int position;
    final long startNanos;
    final boolean hedge;
    final boolean permit;
    String outcome = "pending";
    int status;
    long millis;
    boolean settled;
    boolean output;

    Started(int number, int position, long startNanos, boolean hedge, boolean permit) {
      this.number = number;
      this.position = position;
      this.startNanos = startNanos;
      this.hedge = hedge;
      this.permit = permit;
    }

    int number() {
      return number;
    }
  }

  private final FailoverRoute route;
  private final List<FailoverRoute.Target> order;
  private final long start;
  private final long deadline;
  private final long requestBytes;
  private final List<Boolean> excluded = new ArrayList<>();
  private final List<Integer> tries = new ArrayList<>();
  private final List<Long> lastTook = new ArrayList<>();
  private final List<Started> attempts = new ArrayList<>();
  private @Nullable AiException lastError;
  private boolean answerNow;
  private boolean budgetExhausted;
  private boolean fallbacksAdded;
  private boolean hedged;
  private boolean winnerWasHedge;
  private long minContextWindow;
  private final io.switchboard.ai.balance.@Nullable BlockHashes prompt;

  FailoverRun(FailoverRoute route, List<FailoverRoute.Target> order, long startNanos, long requestBytes,
      io.switchboard.ai.balance.@Nullable BlockHashes prompt) {
    this.route = route;
    this.prompt = prompt;
    this.order = new ArrayList<>(order);
    this.start = startNanos;
    this.deadline = startNanos + route.policy().total().toNanos();
    this.requestBytes = requestBytes;
    for (int i = 0; i < order.size(); i++) {
      excluded.add(false);
      tries.add(0);
      lastTook.add(0L);
    }
  }

  FailoverRoute route() {
    return route;
  }

  long deadline() {
    return deadline;
  }

  synchronized FailoverRoute.Target target(int position) {
    return order.get(position);
  }

  synchronized boolean answerNow() {
    return answerNow;
  }

  synchronized boolean fallbacksAdded() {
    return fallbacksAdded;
  }

  /** Appends the targets of the route's fallback models (each target once). */
  synchronized void addFallbacks(List<List<FailoverRoute.Target>> lists) {
    fallbacksAdded = true;
    for (List<FailoverRoute.Target> list : lists) {
      for (FailoverRoute.Target t : list) {
        boolean known = order.stream().anyMatch(o -> o.name().equals(t.name()));
        if (!known) {
          order.add(t);
          excluded.add(false);
          tries.add(0);
          lastTook.add(0L);
        }
      }
    }
  }

  /**
   * The next target to try, or {@code null} when the policy allows no further attempt: attempts or budget spent,
   * deadline passed, the last error is answered as it is, or no target is usable before the deadline. Targets not
   * yet tried come first, in the request's order; then targets that may be retried, soonest first.
   */
  synchronized @Nullable Pick pick(long now) {
    FailoverPolicy policy = route.policy();
    if (answerNow || budgetExhausted || attempts.size() >= policy.maxAttempts() || now >= deadline) {
      return null;
    }
    boolean[] usableEjected = panicAllowance();
    Pick best = null;
    long bestRank = Long.MAX_VALUE;
    boolean bestTried = true;
    for (int pos = 0; pos < order.size(); pos++) {
      FailoverRoute.Target t = order.get(pos);
      if (excluded.get(pos) || (t.state().ejected() && !usableEjected[pos])) {
        continue;
      }
      if (minContextWindow > 0 && t.contextWindow() > 0 && t.contextWindow() <= minContextWindow) {
        continue;
      }
      if (t.maxConcurrency() > 0 && t.state().inFlight() >= t.maxConcurrency()) {
        continue;
      }
      boolean first = attempts.isEmpty();
      long retryAfter = t.state().waitNanos(now);
      if (!first && retryAfter > policy.maxRetryAfter().toNanos()) {
        continue;
      }
      boolean tried = tries.get(pos) > 0;
      long wait = retryAfter;
      if (tried) {
        wait = Math.max(wait, policy.backoff().delay(tries.get(pos), Duration.ofNanos(lastTook.get(pos)), null,
            ThreadLocalRandom.current()::nextDouble).toNanos());
      }
      if (!first && now + wait >= deadline) {
        continue;
      }
      // Ranked by the wait, but a request's first attempt never sits out another request's Retry-After: it goes
      // to the least limited target at once and lets the provider decide.
      boolean better = best == null || (bestTried && !tried) || (bestTried == tried && wait < bestRank);
      if (better) {
        best = new Pick(pos, first ? 0 : wait);
        bestRank = wait;
        bestTried = tried;
      }
    }
    return best;
  }

  /**
   * Which ejected targets may be used anyway: past {@code maxEjectionPercent} of the route's targets, the first
   * ejected ones in the request's order are put back, so a route never ejects itself into an outage.
   */
  private boolean[] panicAllowance() {
    boolean[] usable = new boolean[order.size()];
    int n = route.targets().size();
    int ejected = 0;
    for (FailoverRoute.Target t : route.targets()) {
      if (t.state().ejected()) {
        ejected++;
      }
    }
    int allowedOut = (int) Math.floor(route.maxEjectionPercent() * n / 100.0);
    int putBack = ejected - allowedOut;
    for (int pos = 0; pos < order.size() && putBack > 0; pos++) {
      if (order.get(pos).state().ejected() && route.targets().contains(order.get(pos))) {
        usable[pos] = true;
        putBack--;
      }
    }
    return usable;
  }

  /** A second target to hedge the first attempt with, and the delay before it starts; null when not hedging. */
  synchronized @Nullable Pick hedgeCandidate(Pick first, long now) {
    FailoverPolicy.Hedge hedge = route.policy().hedge();
    if (hedge == null || !attempts.isEmpty() || route.policy().maxAttempts() < 2 || route.hedgeBudget() == null) {
      return null;
    }
    long delay;
    if (hedge.delay() != null) {
      delay = hedge.delay().toNanos();
    } else {
      long p95 = order.get(first.position()).state().latency().p95FirstTokenMillis();
      if (p95 < 0) {
        return null; // not enough samples yet to know what "slow" is
      }
      delay = Math.max(Duration.ofMillis(p95).toNanos(), hedge.minDelay().toNanos());
    }
    if (now + first.waitNanos() + delay >= deadline) {
      return null;
    }
    for (int pos = 0; pos < order.size(); pos++) {
      FailoverRoute.Target t = order.get(pos);
      if (pos == first.position() || excluded.get(pos) || t.state().ejected() || t.state().waitNanos(now) > 0
          || (t.maxConcurrency() > 0 && t.state().inFlight() >= t.maxConcurrency())) {
        continue;
      }
      return new Pick(pos, first.waitNanos() + delay);
    }
    return null;
  }

  /**
   * Starts an attempt: takes the circuit's permission (a half-open target admits only its probes) and, for every
   * attempt after the first that is not a hedge, a token of the route's retry budget. Null when refused.
   */
  synchronized @Nullable Started start(int position, long now, boolean hedge) {
    FailoverRoute.Target t = order.get(position);
    if (!attempts.isEmpty() && !hedge) {
      if (!route.retryBudget().tryRetry(now)) {
        budgetExhausted = true;
        route.retriesDenied.incrementAndGet();
        return null;
      }
      route.retries.incrementAndGet();
    }
    boolean permit = t.state().tryAcquire();
    if (!permit && !panicAllowance()[position]) {
      excluded.set(position, true);
      return null;
    }
    Started attempt = new Started(attempts.size() + 1, position, now, hedge, permit);
    attempts.add(attempt);
    tries.set(position, tries.get(position) + 1);
    t.state().started();
    if (hedge) {
      hedged = true;
    }
    return attempt;
  }

  /** The attempt produced the answer's first output: it is the one the client gets. */
  synchronized void served(Started attempt, long now) {
    attempt.output = true;
    attempt.outcome = "ok";
    attempt.status = 200;
    attempt.millis = Duration.ofNanos(now - attempt.startNanos).toMillis();
    order.get(attempt.position).state().latency().recordFirstToken(attempt.millis);
    if (prompt != null && route.affinity() != null) {
      // The target that served now holds this prompt in its cache (as far as the gateway can tell).
      route.affinity().record(order.get(attempt.position).name(), prompt);
    }
    if (attempt.hedge) {
      winnerWasHedge = true;
      route.hedgeWins.incrementAndGet();
    }
  }

  synchronized void completed(Started attempt, long now) {
    if (attempt.settled) {
      return;
    }
    attempt.settled = true;
    TargetState state = order.get(attempt.position).state();
    state.onSuccess(now - attempt.startNanos);
    state.latency().recordTotal(Duration.ofNanos(now - attempt.startNanos).toMillis());
  }

  /** The attempt failed before output: decides, by the error's class, what the request does next. */
  synchronized void failed(Started attempt, AiException error, long now) {
    attempt.settled = true;
    ErrorClass kind = ErrorClass.of(error);
    FailureAction action = route.policy().action(kind);
    long took = now - attempt.startNanos;
    attempt.outcome = kind.id();
    attempt.status = error.status();
    attempt.millis = Duration.ofNanos(took).toMillis();
    lastTook.set(attempt.position, took);
    FailoverRoute.Target t = order.get(attempt.position);
    TargetState state = t.state();
    switch (kind) {
      case OVERLOADED, SERVER_ERROR, TIMEOUT, CONNECTION -> {
        state.onFailure(took, kind);
        state.latency().recordFailure(Math.max(attempt.millis, 1000));
        if (kind == ErrorClass.OVERLOADED) {
          keepOutFor(state, error, now); // a 503/529 may say when capacity returns
        }
      }
      case RATE_LIMITED -> {
        state.onSuccess(took); // alive, only busy: Retry-After, not the circuit, keeps callers away
        keepOutFor(state, error, now);
      }
      case AUTH, BILLING -> state.eject();
      default -> state.onSuccess(took);
    }
    lastError = error;
    switch (action) {
      case RETURN -> {
        answerNow = true;
        lastError = error;
      }
      case FAILOVER, EJECT -> excluded.set(attempt.position, true);
      case FAILOVER_LARGER_CONTEXT -> {
        excluded.set(attempt.position, true);
        minContextWindow = Math.max(minContextWindow, t.contextWindow());
      }
      case RETRY -> {
      }
    }
    if (action == FailureAction.EJECT && kind != ErrorClass.AUTH && kind != ErrorClass.BILLING) {
      state.eject();
    }
  }

  /** Keeps the target out until the provider's requested wait has passed, if it asked for one. */
  private static void keepOutFor(TargetState state, AiException error, long now) {
    long millis = error.retryAfterMillis();
    if (millis < 0) {
      Duration seconds = io.switchboard.ai.failover.Backoff.parseRetryAfter(error.retryAfter());
      millis = seconds == null ? -1 : seconds.toMillis();
    }
    if (millis >= 0) {
      state.notBefore(now + Duration.ofMillis(millis).toNanos());
    }
  }

  /** The stream broke after its output started: the target failed, and the client gets an error event. */
  synchronized void brokeAfterOutput(Started attempt) {
    if (attempt.settled) {
      return;
    }
    attempt.settled = true;
    order.get(attempt.position).state().onFailure(System.nanoTime() - attempt.startNanos, ErrorClass.SERVER_ERROR);
  }

  /** Cancelled: the client went away, or the attempt lost a hedge race. */
  synchronized void cancelled(Started attempt, long now) {
    if (attempt.settled) {
      return;
    }
    attempt.settled = true;
    FailoverRoute.Target t = order.get(attempt.position);
    if (attempt.permit) {
      t.state().release();
    }
    if (!attempt.output) {
      attempt.outcome = "cancelled";
      attempt.millis = Duration.ofNanos(now - attempt.startNanos).toMillis();
      if (hedged && t.inputPricePerMillion() != null) {
        // The loser's prompt was (probably) read and billed: about 4 bytes per token at the input price.
        route.hedgeExtraCostUsd.add(requestBytes / 4.0 * t.inputPricePerMillion() / 1_000_000);
      }
    }
  }

  void finished(Started attempt) {
    order.get(attempt.position).state().finished();
  }

  /**
   * What a hedge between two targets will cost extra, estimated before either answers: one prompt more (about 4
   * bytes a token) at the dearer of the two input prices, whichever loses. 0 when neither is priced.
   */
  synchronized double hedgeCostEstimate(int first, int second) {
    Double a = order.get(first).inputPricePerMillion();
    Double b = order.get(second).inputPricePerMillion();
    double price = Math.max(a == null ? 0 : a, b == null ? 0 : b);
    return requestBytes / 4.0 * price / 1_000_000;
  }

  synchronized boolean failedBeforeOutput(int position) {
    for (Started a : attempts) {
      if (a.position == position && a.settled && !a.output) {
        return true;
      }
    }
    return false;
  }

  synchronized boolean tried(int position) {
    return tries.get(position) > 0;
  }

  synchronized int attemptCount() {
    return attempts.size();
  }

  synchronized boolean hedged() {
    return hedged;
  }

  synchronized boolean winnerWasHedge() {
    return winnerWasHedge;
  }

  synchronized List<AiCall.Attempt> log() {
    List<AiCall.Attempt> log = new ArrayList<>(attempts.size());
    for (Started a : attempts) {
      log.add(new AiCall.Attempt(order.get(a.position).name(), a.outcome, a.status, a.millis, a.hedge));
    }
    return log;
  }

  /** {@code openai/gpt-4.1;outcome=rate-limited;status=429;ms=12, anthropic/…;outcome=ok;status=200;ms=340}. */
  synchronized String header() {
    StringBuilder out = new StringBuilder();
    for (AiCall.Attempt a : log()) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(a.target()).append(";outcome=").append(a.outcome()).append(";status=").append(a.status())
          .append(";ms=").append(a.millis());
      if (a.hedge()) {
        out.append(";hedge");
      }
    }
    return out.toString();
  }

  /** The error the client gets when no attempt served: the most telling failure, or 503 when none was made. */
  synchronized AiException finalError(ServerWebExchange exchange) {
    if (!attempts.isEmpty()) {
      exchange.getResponse().getHeaders().set(FailoverEngine.ATTEMPTS_HEADER, header());
      AiCall call = AiCall.of(exchange);
      if (call != null) {
        call.recordAttempts(log());
      }
    }
    if (lastError != null) {
      return lastError;
    }
    return new AiException(503, "upstream_error", "no_healthy_target", null, "No target of this route is"
        + " available now (all are ejected, rate limited or at their concurrency limit); retry later.", "1");
  }

  long elapsedNanos(long now) {
    return now - start;
  }
}
