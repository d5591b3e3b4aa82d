package io.switchboard.ai.governance.ratelimit;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Takes one request and a token reservation from every {@link RateBucket} of a request, in order (the route's, then
 * its team's), or from none: each store operation is atomic, and when a later bucket refuses, what the earlier ones
 * gave is given back, so a refused request costs no bucket anything.
 */
final class Admission {

  /**
   * What was decided.
   *
   * @param refusedBy the bucket that refused, or -1
   * @param refusedTokens whether it refused tokens (else requests)
   * @param requests the request probes, in bucket order, as far as they went
   * @param tokens the token probes, likewise
   * @param asks the tokens reserved per bucket (a reservation is cut to each bucket's smallest capacity)
   */
  record Result(int refusedBy, boolean refusedTokens, List<Probe> requests, List<Probe> tokens, long[] asks) {
    boolean admitted() {
      return refusedBy < 0;
    }

    @Nullable Probe refusal() {
      if (admitted()) {
        return null;
      }
      return refusedTokens ? tokens.get(refusedBy) : requests.get(refusedBy);
    }
  }

  private final LimitStore store;
  private final List<RateBucket> buckets;
  private final long[] asks;

  Admission(LimitStore store, List<RateBucket> buckets, long reserved) {
    this.store = store;
    this.buckets = buckets;
    this.asks = new long[buckets.size()];
    for (int i = 0; i < asks.length; i++) {
      RateLimits limits = buckets.get(i).limits();
      asks[i] = limits.limitsTokens() ? Math.min(reserved, maxReservable(limits)) : 0;
    }
  }

  Mono<Result> run() {
    List<Probe> requests = new ArrayList<>();
    List<Probe> tokens = new ArrayList<>();
    return takeRequests(0, requests).flatMap(refused -> refused >= 0
        ? Mono.just(new Result(refused, false, requests, tokens, asks))
        : takeTokens(0, tokens).flatMap(tokenRefused -> tokenRefused < 0
            ? Mono.just(new Result(-1, false, requests, tokens, asks))
            : giveBackRequests(buckets.size()).thenReturn(new Result(tokenRefused, true, requests, tokens, asks))));
  }

  /** The index of the bucket that refused, or -1 when all gave a request. */
  private Mono<Integer> takeRequests(int i, List<Probe> probes) {
    if (i == buckets.size()) {
      return Mono.just(-1);
    }
    RateBucket bucket = buckets.get(i);
    return store.consumeRequests(bucket.requestKey(), bucket.limits(), 1).flatMap(probe -> {
      probes.add(probe);
      return probe.consumed() ? takeRequests(i + 1, probes) : giveBackRequests(i).thenReturn(i);
    });
  }

  private Mono<Integer> takeTokens(int i, List<Probe> probes) {
    if (i == buckets.size()) {
      return Mono.just(-1);
    }
    RateBucket bucket = buckets.get(i);
    return store.consumeTokens(bucket.tokenKey(), bucket.limits(), asks[i]).flatMap(probe -> {
      probes.add(probe);
      return probe.consumed() ? takeTokens(i + 1, probes) : giveBackTokens(i).thenReturn(i);
    });
  }

  /** Gives the request back to the first {@code count} buckets. */
  private Mono<Void> giveBackRequests(int count) {
    Mono<Void> all = Mono.empty();
    for (int i = 0; i < count; i++) {
      RateBucket bucket = buckets.get(i);
      all = all.then(store.returnRequests(bucket.requestKey(), bucket.limits(), 1));
    }
    return all;
  }

  private Mono<Void> giveBackTokens(int count) {
    Mono<Void> all = Mono.empty();
    for (int i = 0; i < count; i++) {
      RateBucket bucket = buckets.get(i);
      if (asks[i] != 0) {
        all = all.then(store.adjustTokens(bucket.tokenKey(), bucket.limits(), -asks[i]));
      }
    }
    return all;
  }

  /** A reservation never asks for more than the smallest capacity, or a big request could never pass. */
  static long maxReservable(RateLimits limits) {
    long max = Long.MAX_VALUE;
    for (long limit : new long[] {limits.tokensPerMinute(), limits.tokensPerHour(), limits.tokensPerDay()}) {
      if (limit > 0) {
        max = Math.min(max, limit);
      }
    }
    return max;
  }
}
