package io.switchboard.ai.guardrails;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.request.Operation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The guardrails of one exchange: runs the input checks of its policies in order over the request's texts, keeps
 * the placeholders of its redactions, and records every verdict. Output checks run in {@link OutputTap}.
 */
final class GuardrailRun {

  /** A text over {@code ai.guardrails.max-scan-chars}. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("text too large to scan", null, false, false);
    }
  }

  final List<Policy> policies;
  final Guardrails guardrails;
  final List<GuardrailVerdicts.Verdict> verdicts;
  final Placeholders placeholders = new Placeholders();
  final Dialect dialect;
  final boolean restore;
  final int window;
  @Nullable JsonNode schema;
  /** The request as sent upstream (redacted), kept when its answer may be re-asked. */
  @Nullable JsonNode requestTree;

  GuardrailRun(List<Policy> policies, Guardrails guardrails, List<GuardrailVerdicts.Verdict> verdicts,
      Dialect dialect) {
    this.policies = policies;
    this.guardrails = guardrails;
    this.verdicts = verdicts;
    this.dialect = dialect;
    this.restore = policies.stream().anyMatch(Policy::restore);
    this.window = policies.stream().mapToInt(Policy::window).max().orElse(128);
  }

  List<GuardCheck> outputChecks() {
    List<GuardCheck> out = new ArrayList<>();
    policies.forEach(p -> out.addAll(p.output()));
    return out;
  }

  /**
   * Runs the input checks over the request tree (redactions change it in place).
   *
   * @return whether the tree changed; errors with the 400 of a block or of a failed fail-closed check
   */
  Mono<Boolean> input(Operation operation, JsonNode tree) {
    List<TextSlots.Slot> slots = TextSlots.of(dialect, operation, tree);
    boolean modified = false;
    List<GuardCheck> remote = new ArrayList<>();
    for (Policy policy : policies) {
      for (GuardCheck check : policy.input()) {
        if (check.remote() != null) {
          remote.add(check);
        } else if (check.text() != null) {
          modified |= runInput(check, slots);
        }
      }
    }
    if (remote.isEmpty()) {
      return Mono.just(modified);
    }
    StringBuilder joined = new StringBuilder();
    for (TextSlots.Slot slot : slots) {
      if (!slot.system()) {
        joined.append(slot.get()).append('\n');
      }
    }
    String text = joined.toString();
    boolean changed = modified;
    return Flux.fromIterable(remote)
        .flatMapSequential(check -> remote(check, text))
        .then(Mono.fromSupplier(() -> changed));
  }

  /** One remote check over {@code text}: completes, or errors with the 400 that blocks. */
  Mono<Void> remote(GuardCheck check, String text) {
    long t0 = System.nanoTime();
    if (text.isBlank()) {
      record(check, "pass", t0, 0, null);
      return Mono.empty();
    }
    if (text.length() > guardrails.maxScanChars()) {
      return Mono.fromRunnable(() -> failed(check, t0, "too-large"));
    }
    return check.remote().check(text)
        .onErrorResume(e -> !(e instanceof AiException), e -> {
          failed(check, t0, e instanceof java.util.concurrent.TimeoutException ? "timeout" : "provider-error");
          return Mono.empty();
        })
        .doOnNext(labels -> decide(check, t0, labels.size()))
        .then();
  }

  private boolean runInput(GuardCheck check, List<TextSlots.Slot> slots) {
    long t0 = System.nanoTime();
    int count = 0;
    try {
      if (check.text() instanceof MaxSize max) {
        long total = 0;
        for (TextSlots.Slot slot : slots) {
          total += slot.get().length();
        }
        count = total > max.maxChars() ? 1 : 0;
      } else {
        for (TextSlots.Slot slot : slots) {
          if (check.skipsSystem() && slot.system()) {
            continue;
          }
          String text = slot.get();
          if (text.isEmpty()) {
            continue;
          }
          if (text.length() > guardrails.maxScanChars()) {
            throw new TooLarge();
          }
          List<Finding> found = check.text().find(text, guardrails.checkTimeoutNanos());
          if (!found.isEmpty()) {
            count += found.size();
            if (check.action() == Action.REDACT) {
              slot.set(placeholders.redact(text, found));
            } else if (check.action() == Action.BLOCK) {
              break;
            }
          }
        }
      }
    } catch (BoundedText.TimeoutException e) {
      failed(check, t0, "timeout");
      return false;
    } catch (TooLarge e) {
      failed(check, t0, "too-large");
      return false;
    } catch (RuntimeException e) {
      failed(check, t0, "check-error");
      return false;
    }
    return decide(check, t0, count);
  }

  /** Records the verdict of a check that found {@code count} things; throws the block. */
  boolean decide(GuardCheck check, long t0, int count) {
    if (count == 0) {
      record(check, "pass", t0, 0, null);
      return false;
    }
    record(check, check.action().id(), t0, count, null);
    if (check.action() == Action.BLOCK) {
      throw blocked(check);
    }
    return check.action() == Action.REDACT;
  }

  /** Records a failed check; throws when it fails closed. */
  void failed(GuardCheck check, long t0, String kind) {
    record(check, "error", t0, 0, kind);
    if (!check.failOpen()) {
      throw new AiException(400, "invalid_request_error", "guardrail_check_failed", null,
          "Guardrail policy '" + check.policy() + "', check '" + check.name() + "' (" + check.stage()
              + ") could not complete (" + kind + ") and fails closed.", null);
    }
  }

  void record(GuardCheck check, String outcome, long t0, int count, @Nullable String error) {
    verdicts.add(new GuardrailVerdicts.Verdict(check.policy(), check.name(), check.stage(), check.action().id(),
        outcome, (System.nanoTime() - t0) / 1000, count, error, check.failOpen()));
  }

  static AiException blocked(GuardCheck check) {
    return new AiException(400, "invalid_request_error", "guardrail_blocked", null,
        (check.stage().equals("input") ? "The request was blocked" : "The answer was stopped")
            + " by guardrail policy '" + check.policy() + "', check '" + check.name() + "' (" + check.stage() + ").",
        null);
  }
}
