package io.switchboard.ai.governance;

import io.switchboard.ai.AiCall;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The attempts of a hedged call that were cancelled, as {@link AiCall#attempts()} reports them. A hedge loser may
 * have been billed by its provider for the prompt it had already read, although the gateway never sees its usage,
 * so budgets and token rate limits charge each of them a conservative estimate: the prompt (the gateway's estimate)
 * at the target model's input price. Only calls with a hedge attempt count: a lone attempt cancelled because the
 * client left is accounted as before (its usage so far, or nothing).
 */
public final class CancelledHedges {

  private CancelledHedges() {
  }

  public static List<AiCall.Attempt> of(@Nullable AiCall call) {
    if (call == null) {
      return List.of();
    }
    List<AiCall.Attempt> attempts = call.attempts();
    if (attempts.stream().noneMatch(AiCall.Attempt::hedge)) {
      return List.of();
    }
    return attempts.stream().filter(a -> "cancelled".equals(a.outcome())).toList();
  }

  /** The model of an attempt's target ({@code provider/model}; the model may itself contain slashes). */
  public static String model(AiCall.Attempt attempt) {
    int slash = attempt.target().indexOf('/');
    return slash < 0 ? attempt.target() : attempt.target().substring(slash + 1);
  }
}
