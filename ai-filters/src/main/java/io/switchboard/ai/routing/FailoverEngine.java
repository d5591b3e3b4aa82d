package io.switchboard.ai.routing;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.failover.Backoff;
import io.switchboard.ai.failover.ErrorClass;
import io.switchboard.ai.failover.FailoverPolicy;
import io.switchboard.ai.failover.FailureAction;
import io.switchboard.ai.failover.Strategy;
import io.switchboard.ai.failover.TargetOrder;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs one request through a {@link FailoverRoute}: orders its targets by the route's strategy, makes attempts
 * (each translated for its target exactly as a single-provider route does), and on a failure before the first
 * output decides by the error's class whether to answer, retry, fail over or eject the target. Waits between
 * attempts follow {@link Backoff}; a provider's Retry-After is honoured; every attempt after the first is paid from
 * the route's retry budget; the route's total timeout bounds everything. Optionally hedges the first attempt.
 *
 * <p>Nothing is retried once output reached the client: the answer's first {@link Chunk} is the point of no
 * return, and later failures end the client's stream with an error event ({@link AnswerWriter}).
 */
final class FailoverEngine {

  /** Response header listing the attempts made: {@code target;outcome=…;status=…;ms=…}, comma separated. */
  static final String ATTEMPTS_HEADER = "x-switchboard-attempts";
  /** Response header present when a hedge was sent: which attempt won ({@code primary} or {@code hedge}). */
  static final String HEDGE_HEADER = "x-switchboard-hedge";

  private final AiRouteHandler handler;
  private final AiRequestReader reader;

  FailoverEngine(AiRouteHandler handler, AiRequestReader reader) {
    this.handler = handler;
    this.reader = reader;
  }

  Flux<Chunk> run(ServerWebExchange exchange, AiRequest request, FailoverRoute route) {
    return Flux.defer(() -> {
      long now = System.nanoTime();
      route.requests.incrementAndGet();
      route.retryBudget().onRequest(now);
      if (route.hedgeBudget() != null) {
        route.hedgeBudget().onRequest(now);
      }
      io.switchboard.ai.balance.BlockHashes prompt = route.affinity() == null ? null
          : route.affinity().hash(request);
      FailoverRun run = new FailoverRun(route, order(route, prompt, ThreadLocalRandom.current()::nextDouble), now,
          request.body().length, prompt);
      io.switchboard.ai.observe.tracing.AiTrace.of(exchange).routing(request, run.target(0).target().provider());
      return next(exchange, request, run)
          .onErrorMap(FailoverEngine::beforeOutput, e -> run.finalError(exchange));
    });
  }

  /** The route's targets in the order this request tries them; {@code random} is uniform in [0, 1). */
  static List<FailoverRoute.Target> order(FailoverRoute route,
      io.switchboard.ai.balance.@Nullable BlockHashes prompt, java.util.function.DoubleSupplier random) {
    List<FailoverRoute.Target> targets = route.targets();
    if (route.affinity() != null && prompt != null) {
      java.util.Map<String, FailoverRoute.Target> byName = new java.util.HashMap<>();
      for (FailoverRoute.Target t : targets) {
        byName.put(t.name(), t);
      }
      if (byName.size() != targets.size()) {
        prompt = null; // two targets share provider and model: affinity cannot tell them apart
      }
    }
    if (route.affinity() != null && prompt != null) {
      java.util.Map<String, FailoverRoute.Target> byName = new java.util.HashMap<>();
      for (FailoverRoute.Target t : targets) {
        byName.put(t.name(), t);
      }
      List<FailoverRoute.Target> ranked = new ArrayList<>(targets.size());
      for (String name : route.affinity().rank(new ArrayList<>(byName.keySet()), prompt,
          name -> byName.get(name).state().inFlight())) {
        ranked.add(byName.get(name));
      }
      return ranked;
    }
    FailoverPolicy policy = route.policy();
    Strategy strategy = policy.strategy();
    if (strategy == Strategy.LEAST_LATENCY && random.getAsDouble() < policy.explore()) {
      strategy = Strategy.WEIGHTED;
    }
    List<TargetOrder.Candidate> candidates = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      FailoverRoute.Target t = targets.get(i);
      candidates.add(new TargetOrder.Candidate(i, t.weight(), t.state().inFlight(),
          t.state().latency().firstTokenMillis(), t.pricePerMillion()));
    }
    List<FailoverRoute.Target> ordered = new ArrayList<>(targets.size());
    for (int index : TargetOrder.order(strategy, candidates, random)) {
      ordered.add(targets.get(index));
    }
    return ordered;
  }

  /** The next attempt, or the final error when the policy allows none. */
  private Flux<Chunk> next(ServerWebExchange exchange, AiRequest request, FailoverRun run) {
    return Flux.defer(() -> {
      FailoverRun.Pick pick = run.pick(System.nanoTime());
      // Fallback models join once every own target was tried (or ruled out), before any is retried.
      boolean exhausted = pick == null || run.tried(pick.position());
      if (exhausted && !run.answerNow() && !run.fallbacksAdded() && !run.route().fallbackModels().isEmpty()) {
        return Flux.fromIterable(run.route().fallbackModels())
            .concatMap(model -> run.route().fallbackTargets(model))
            .collectList()
            .flatMapMany(lists -> {
              run.addFallbacks(lists);
              return next(exchange, request, run);
            });
      }
      if (pick == null) {
        return Flux.error(new AttemptFailed(null));
      }
      FailoverRun.Pick hedge = run.hedgeCandidate(pick, System.nanoTime());
      Flux<Chunk> attempt = hedge == null
          ? attempt(exchange, request, run, pick.position(), false)
          : hedged(exchange, request, run, pick, hedge);
      if (pick.waitNanos() > 0) {
        io.switchboard.ai.observe.RequestTimeline timeline = io.switchboard.ai.observe.RequestTimeline.of(exchange);
        attempt = attempt.delaySubscription(Mono.delay(Duration.ofNanos(pick.waitNanos()))
            .doOnSubscribe(s -> {
              if (timeline != null) {
                timeline.backoffStarted(System.nanoTime());
              }
            }));
      }
      return attempt.onErrorResume(e -> beforeOutput(e) && !run.answerNow(),
          e -> next(exchange, request, run));
    });
  }

  /** The first target, and the hedge target after the hedge delay unless the first produced output by then. */
  private Flux<Chunk> hedged(ServerWebExchange exchange, AiRequest request, FailoverRun run, FailoverRun.Pick first,
      FailoverRun.Pick second) {
    Sinks.One<Boolean> primaryFailed = Sinks.one();
    Flux<Chunk> primary = attempt(exchange, request, run, first.position(), false)
        .doOnError(e -> primaryFailed.tryEmitValue(!run.answerNow()))
        .doOnNext(c -> primaryFailed.tryEmitValue(false));
    FailoverRoute route = run.route();
    Mono<Boolean> trigger = Mono.firstWithSignal(
        Mono.delay(second.waitNanos() > 0 ? Duration.ofNanos(second.waitNanos()) : Duration.ZERO)
            .filter(x -> route.tryHedge(run.hedgeCostEstimate(first.position(), second.position()),
                System.nanoTime()))
            .map(x -> true)
            .switchIfEmpty(Mono.never()),
        primaryFailed.asMono());
    Flux<Chunk> secondary = trigger.filter(go -> go).flatMapMany(go -> {
      boolean isHedge = !run.failedBeforeOutput(first.position());
      if (isHedge) {
        route.hedges.incrementAndGet();
      }
      return attempt(exchange, request, run, second.position(), isHedge);
    });
    return Flux.firstWithValue(primary, secondary);
  }

  /** One attempt on one target, with its first-token timeout and its bookkeeping. */
  private Flux<Chunk> attempt(ServerWebExchange exchange, AiRequest request, FailoverRun run, int position,
      boolean hedge) {
    return Flux.defer(() -> {
      FailoverRoute.Target target = run.target(position);
      long started = System.nanoTime();
      FailoverRun.Started attempt = run.start(position, started, hedge);
      if (attempt == null) {
        return Flux.error(new AttemptFailed(null));
      }
      AiRequest copy = attempt.number() == 1 && target.target().options().dropParams().isEmpty() ? request
          : reader.copyForAttempt(request, target.target().options().dropParams());
      Duration firstToken = target.firstToken() != null ? target.firstToken() : run.route().policy().firstToken();
      long left = run.deadline() - started;
      if (left <= 0) {
        run.failed(attempt, AiException.timeout("The request exceeded its total timeout."), started);
        return Flux.error(new AttemptFailed(attempt));
      }
      // A target's own total bounds this attempt, stream included; the route's total bounds the whole request.
      boolean targetTotal = target.total() != null && target.total().toNanos() < left;
      if (targetTotal) {
        left = target.total().toNanos();
      }
      Duration wait = Duration.ofNanos(Math.min(firstToken.toNanos(), left));
      long attemptDeadline = started + left;
      boolean[] emitted = {false};
      io.switchboard.ai.observe.tracing.AiTrace.Attempt span = io.switchboard.ai.observe.tracing.AiTrace.of(exchange)
          .attempt(copy, target.target().provider(), request.model() == null ? "unknown"
              : target.target().upstreamModel(request.model()), hedge);
      io.switchboard.ai.observe.RequestTimeline timeline = io.switchboard.ai.observe.RequestTimeline.of(exchange);
      if (timeline != null) {
        timeline.attemptStarted(started);
      }
      Flux<Chunk> answer = handler.attempt(exchange, copy, target.target())
          .timeout(Mono.delay(wait), chunk -> Mono.never());
      if (targetTotal) {
        answer = AnswerWriter.withDeadline(answer, attemptDeadline,
            "The answer of " + target.name() + " exceeded the target's total timeout.", () -> {
              AiCall call = AiCall.of(exchange);
              if (emitted[0] && call != null) {
                call.recordOutcome(AiCall.Outcome.UPSTREAM_ERROR, 200);
              }
            });
      }
      return answer
          .map(chunk -> {
            if (!emitted[0]) {
              emitted[0] = true;
              run.served(attempt, System.nanoTime());
              if (chunk.head() != null) {
                span.served(chunk.head().call());
                decorate(exchange, run, chunk.head());
              }
            }
            return chunk;
          })
          .doOnComplete(() -> run.completed(attempt, System.nanoTime()))
          .onErrorMap(e -> !emitted[0], e -> {
            run.failed(attempt, AiErrors.fromThrowable(e, target.target().provider().id()), System.nanoTime());
            return new AttemptFailed(attempt);
          })
          .doOnError(e -> {
            if (emitted[0]) {
              run.brokeAfterOutput(attempt);
            }
          })
          .doOnCancel(() -> run.cancelled(attempt, System.nanoTime()))
          .doFinally(signal -> {
            run.finished(attempt);
            span.end(emitted[0] && signal == reactor.core.publisher.SignalType.ON_ERROR ? "broken-stream"
                : attempt.outcome);
            if (timeline != null) {
              timeline.attemptEnded(System.nanoTime());
              AiCall call = AiCall.of(exchange);
              if (call != null) {
                call.recordAttempts(run.log()); // final outcomes (a hedge's loser, a cancel) for the usage record
              }
            }
          })
          .contextWrite(ctx -> ctx.put(io.switchboard.ai.observe.tracing.AiTrace.Attempt.KEY, span));
    });
  }

  /** Adds the attempt log to the answer's head and makes the winner's call the exchange's. */
  private static void decorate(ServerWebExchange exchange, FailoverRun run, AnswerHead head) {
    exchange.getAttributes().put(AiCall.ATTRIBUTE, head.call());
    head.call().recordAttempts(run.log());
    if (run.attemptCount() > 1 || run.hedged()) {
      head.headers().put(ATTEMPTS_HEADER, run.header());
    }
    if (run.hedged()) {
      head.headers().put(HEDGE_HEADER, run.winnerWasHedge() ? "hedge" : "primary");
    }
  }

  private static boolean beforeOutput(Throwable e) {
    if (e instanceof AttemptFailed) {
      return true;
    }
    // Flux.firstWithValue: every racer failed before a value (or never started, completing empty).
    if (!(e instanceof java.util.NoSuchElementException)) {
      return false;
    }
    List<Throwable> racers = racers(e);
    for (Throwable racer : racers) {
      if (!(racer instanceof AttemptFailed) && !(racer instanceof java.util.NoSuchElementException)) {
        return false;
      }
    }
    return !racers.isEmpty();
  }

  /** The racers' failures that {@code Flux.firstWithValue} attaches to its error (suppressed, or on its cause). */
  private static List<Throwable> racers(Throwable e) {
    List<Throwable> all = new ArrayList<>(List.of(e.getSuppressed()));
    if (e.getCause() != null) {
      all.addAll(List.of(e.getCause().getSuppressed()));
      if (all.isEmpty()) {
        all.add(e.getCause());
      }
    }
    return all;
  }

  /** An attempt failed before any output; its details are in the run. */
  static final class AttemptFailed extends RuntimeException {
    final FailoverRun.@Nullable Started attempt;

    AttemptFailed(FailoverRun.@Nullable Started attempt) {
      super("attempt failed", null, false, false);
      this.attempt = attempt;
    }
  }
}
