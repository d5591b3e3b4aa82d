package io.switchboard.ai.governance.budget;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.catalog.PromptTokens;
import io.switchboard.ai.governance.CancelledHedges;
import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.governance.budget.BudgetStore.Charge;
import io.switchboard.ai.governance.budget.BudgetStore.Reservation;
import io.switchboard.ai.governance.budget.BudgetStore.Standing;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code AiBudget}: spend limits in USD per key, user, team, model or route, per UTC day, week, month or in total.
 * Before the call it atomically reserves the request's maximum possible cost ({@link BudgetPricing}) on every limit
 * that applies; a limit without room refuses the request (429, or 403 when waiting cannot help: a {@code total}
 * limit, or a request whose maximum cost exceeds the whole limit) in the client's dialect, naming the limit and when
 * it resets. Once the chain completes (a stream when it ends) the reservation is settled to the call's cost
 * ({@link AiCall#costUsd()}, or the usage at the fallback prices) or released when nothing was used. When the store
 * fails, requests are refused (503, {@code x-switchboard-budget-store: unavailable}): budgets fail closed.
 *
 * <p>The filter orders itself after the route's other filters ({@link #ORDER}), so it sees the targets named by
 * {@code AiProvider}/{@code AiFailover} and the key identity stored by {@code AiAuth}, wherever it is listed.
 */
public class AiBudgetGatewayFilterFactory extends AbstractGatewayFilterFactory<AiBudgetGatewayFilterFactory.Config> {

  /** After the route filters (ordered by position, 1…n), before routing. */
  public static final int ORDER = 5_000;

  private static final Logger log = LoggerFactory.getLogger(AiBudgetGatewayFilterFactory.class);

  private final AiRequestReader reader;
  private final BudgetStore store;
  private final BudgetPricing pricing;
  private final BudgetSubjects subjects;
  private final BudgetAlerts alerts;
  private final Clock clock;
  private final Duration reservationTtl;
  private final Duration storeTimeout;

  public AiBudgetGatewayFilterFactory(AiRequestReader reader, BudgetStore store, BudgetPricing pricing,
      BudgetSubjects subjects, BudgetAlerts alerts, Clock clock, Duration reservationTtl, Duration storeTimeout) {
    super(Config.class);
    this.reader = reader;
    this.store = store;
    this.pricing = pricing;
    this.subjects = subjects;
    this.alerts = alerts;
    this.clock = clock;
    this.reservationTtl = reservationTtl;
    this.storeTimeout = storeTimeout;
  }

  @Override
  public String name() {
    return "AiBudget";
  }

  @Override
  public GatewayFilter apply(Config config) {
    config.validate();
    return new BudgetFilter(List.copyOf(config.getLimits()));
  }

  /**
   * Checks a route's {@code AiBudget} arguments at startup, as the filter would bind them: {@code null} when they are
   * valid, else a message naming the argument (unknown period or subject, a non-positive amount, an argument the
   * filter does not know).
   */
  public static @Nullable String validate(Map<String, String> args) {
    try {
      Config config = new Binder(new MapConfigurationPropertySource(args))
          .bindOrCreate(ConfigurationPropertyName.EMPTY, Bindable.of(Config.class),
              new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
      config.validate();
      return null;
    } catch (BindException e) {
      return "AiBudget: " + bindProblem(e);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String bindProblem(BindException e) {
    String property = e.getProperty() == null ? e.getName().toString() : e.getProperty().getName().toString();
    if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
      return unbound.getUnboundProperties().stream().map(p -> p.getName().toString()).sorted().toList()
          + ": unknown argument (expected limits[i].name, subject, match, period, usd, alerts)";
    }
    if (property.endsWith(".period")) {
      return property + ": unknown period (expected day, week, month or total)";
    }
    if (property.endsWith(".subject")) {
      return property + ": unknown subject (expected key, user, team, model or global)";
    }
    return property + ": invalid value";
  }

  /**
   * The limit a virtual key's own {@code budgetUsd} sets: its total spend, on every route with {@code AiBudget};
   * null without a key, or for a key without a budget.
   */
  static @Nullable Limit keyBudget(io.switchboard.ai.governance.keys.@Nullable VirtualKey key) {
    if (key == null || key.limits().budgetUsd() == null) {
      return null;
    }
    Limit limit = new Limit();
    limit.setName("key-budget");
    limit.setSubject(BudgetSubject.KEY);
    limit.setPeriod(BudgetPeriod.TOTAL);
    limit.setUsd(BigDecimal.valueOf(key.limits().budgetUsd()));
    return limit;
  }

  /** The limit a virtual key's team's {@code budgetUsd} sets: the team's total spend; null without one. */
  static @Nullable Limit teamBudget(io.switchboard.ai.governance.keys.@Nullable Team team) {
    if (team == null || team.limits().budgetUsd() == null) {
      return null;
    }
    Limit limit = new Limit();
    limit.setName("team-budget");
    limit.setSubject(BudgetSubject.TEAM);
    limit.setPeriod(BudgetPeriod.TOTAL);
    limit.setUsd(BigDecimal.valueOf(team.limits().budgetUsd()));
    return limit;
  }

  /** The store key of a virtual key's own budget ({@code key-budget}, total): by key id, so rotation keeps it. */
  public static String keyBudgetKey(String keyId) {
    return "key-budget:total:" + digest("vk:" + keyId) + ":0";
  }

  /** The store key of a team's budget ({@code team-budget}, total). */
  public static String teamBudgetKey(String teamId) {
    return "team-budget:total:" + digest("team:" + teamId) + ":0";
  }

  /** A limit that applies to a request, with its store key. */
  private record Applied(Limit limit, Charge charge) {
  }

  private final class BudgetFilter implements GatewayFilter, Ordered {
    private final List<Limit> limits;

    BudgetFilter(List<Limit> limits) {
      this.limits = limits;
    }

    @Override
    public int getOrder() {
      return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
      return reader.read(exchange)
          .flatMap(request -> PromptTokens.ofAsync(exchange, request).flatMap(prompt -> admit(exchange, chain,
              request, prompt)))
          .onErrorResume(AiException.class, e -> AiErrorResponder.write(exchange, e));
    }

    private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, AiRequest request, long prompt) {
      Instant now = clock.instant();
      List<Applied> applied = new ArrayList<>();
      for (Limit limit : limits) {
        String value = subjects.resolve(limit.getSubject(), exchange, request);
        if (value == null || (limit.getMatch() != null && !limit.getMatch().equals(value))) {
          continue;
        }
        String key = limit.getName() + ":" + limit.getPeriod().name().toLowerCase() + ":"
            + digest(value) + ":" + limit.getPeriod().start(now).getEpochSecond();
        applied.add(new Applied(limit, new Charge(key, limit.getUsd(), limit.getPeriod().resetsAt(now))));
      }
      Limit own = keyBudget(exchange.getAttribute(io.switchboard.ai.governance.keys.VirtualKey.ATTRIBUTE));
      if (own != null) {
        // A virtual key's own budget (its lifetime spend), reserved with the route's limits, atomically.
        io.switchboard.ai.governance.keys.VirtualKey key =
            exchange.getAttribute(io.switchboard.ai.governance.keys.VirtualKey.ATTRIBUTE);
        applied.add(new Applied(own, new Charge(keyBudgetKey(key.id()), own.getUsd(), null)));
      }
      io.switchboard.ai.governance.keys.Team team = exchange.getAttribute(io.switchboard.ai.governance.keys.Team.ATTRIBUTE);
      Limit shared = teamBudget(team);
      if (shared != null) {
        // The key's team's budget: the total spend of every key in the team.
        applied.add(new Applied(shared, new Charge(teamBudgetKey(team.id()), shared.getUsd(), null)));
      }
      if (applied.isEmpty()) {
        return chain.filter(exchange);
      }
      BigDecimal maxCost = pricing.maxCost(exchange, request, prompt);
      List<Charge> charges = applied.stream().map(Applied::charge).toList();
      return store.reserve(charges, maxCost, reservationTtl)
          .timeout(storeTimeout)
          .map(r -> new Object[] {r})
          .onErrorResume(e -> Mono.just(new Object[] {e}))
          .flatMap(result -> {
            if (result[0] instanceof Throwable failure) {
              return storeUnavailable(exchange, failure);
            }
            Reservation reservation = (Reservation) result[0];
            if (!reservation.admitted()) {
              return refuse(exchange, applied.get(reservation.refused()), maxCost, now);
            }
            budgetHeaders(exchange, applied, reservation.standings());
            return chain.filter(exchange)
                .doFinally(signal -> finish(exchange, applied, charges, reservation.id(), maxCost,
                    PromptTokens.orBodyEstimate(prompt, request)));
          });
    }

    @Override
    public String toString() {
      return "[AiBudget " + limits.stream().map(Limit::getName).toList() + "]";
    }
  }

  private Mono<Void> storeUnavailable(ServerWebExchange exchange, Throwable failure) {
    alerts.storeUnavailable();
    log.warn("Budget store unavailable, request refused (budgets fail closed): {}", failure.getClass().getSimpleName());
    exchange.getResponse().getHeaders().set("x-switchboard-budget-store", "unavailable");
    return AiErrorResponder.write(exchange, new AiException(503, "server_error", "budget_unavailable", null,
        "Spend budgets cannot be checked right now, so the request was refused. Try again shortly.", "1"));
  }

  private Mono<Void> refuse(ServerWebExchange exchange, Applied hit, BigDecimal maxCost, Instant now) {
    Limit limit = hit.limit();
    alerts.refused(limit.getName());
    Instant resetsAt = hit.charge().resetsAt();
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("x-switchboard-budget-limit", limit.getName());
    headers.set("x-switchboard-budget-limit-usd", limit.getUsd().toPlainString());
    headers.set("x-switchboard-budget-remaining-usd", "0");
    if (resetsAt != null) {
      headers.set("x-switchboard-budget-reset", resetsAt.toString());
    }
    String what = "Budget '" + limit.getName() + "' (" + limit.getUsd().toPlainString() + " USD per "
        + describe(limit) + ")";
    String cost = maxCost.setScale(6, RoundingMode.UP).stripTrailingZeros().toPlainString();
    if (maxCost.compareTo(limit.getUsd()) > 0) {
      return AiErrorResponder.write(exchange, new AiException(403, "insufficient_quota", "budget_exceeded", null,
          what + " is smaller than this request's maximum cost of " + cost
              + " USD; lower max_tokens or shorten the prompt.", null));
    }
    if (resetsAt == null) {
      return AiErrorResponder.write(exchange, new AiException(403, "insufficient_quota", "budget_exceeded", null,
          what + " is exhausted and does not reset.", null));
    }
    long seconds = Math.max(1, Duration.between(now, resetsAt).toSeconds());
    return AiErrorResponder.write(exchange, new AiException(429, "insufficient_quota", "budget_exceeded", null,
        what + " has no room for this request (maximum cost " + cost + " USD); it resets at " + resetsAt + ".",
        Long.toString(seconds)));
  }

  private static String describe(Limit limit) {
    String period = limit.getPeriod() == BudgetPeriod.TOTAL ? "in total" : limit.getPeriod().name().toLowerCase();
    return limit.getSubject() == BudgetSubject.GLOBAL ? period : limit.getSubject().name().toLowerCase() + ", " + period;
  }

  /** Headers naming the tightest applied limit: the one with the least room left after this reservation. */
  private static void budgetHeaders(ServerWebExchange exchange, List<Applied> applied, List<Standing> standings) {
    int tightest = 0;
    BigDecimal least = null;
    for (int i = 0; i < applied.size(); i++) {
      Standing s = standings.get(i);
      BigDecimal room = applied.get(i).limit().getUsd().subtract(s.spentUsd()).subtract(s.reservedUsd());
      if (least == null || room.compareTo(least) < 0) {
        least = room;
        tightest = i;
      }
    }
    Applied hit = applied.get(tightest);
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("x-switchboard-budget-limit", hit.limit().getName());
    headers.set("x-switchboard-budget-limit-usd", hit.limit().getUsd().toPlainString());
    headers.set("x-switchboard-budget-remaining-usd",
        least.max(BigDecimal.ZERO).setScale(6, RoundingMode.DOWN).toPlainString());
    if (hit.charge().resetsAt() != null) {
      headers.set("x-switchboard-budget-reset", hit.charge().resetsAt().toString());
    }
  }

  private void finish(ServerWebExchange exchange, List<Applied> applied, List<Charge> charges, String id,
      BigDecimal maxCost, long promptTokens) {
    AiCall call = AiCall.of(exchange);
    BigDecimal actual = null;
    if (call != null) {
      if (call.costUsd() != null) {
        actual = call.costUsd();
      } else if (call.usage().totalTokens() > 0) {
        actual = pricing.fallbackCost(call.usage());
      } else if (call.outcome() == AiCall.Outcome.SUCCESS) {
        actual = maxCost; // served, but the provider reported no usage: charge what was reserved
      }
      for (AiCall.Attempt lost : CancelledHedges.of(call)) {
        // A hedge loser's prompt was probably read and billed, though its usage never reaches the gateway.
        BigDecimal billed = pricing.promptCost(CancelledHedges.model(lost), promptTokens);
        actual = actual == null ? billed : actual.add(billed);
      }
    }
    if (actual == null) {
      store.release(id, charges).subscribe(null, e -> log.warn("Budget reservation could not be released (it expires): {}",
          e.getClass().getSimpleName()));
      return;
    }
    BigDecimal cost = actual;
    store.settle(id, charges, cost).subscribe(spent -> alert(applied, spent, cost), e -> {
      alerts.storeUnavailable();
      log.warn("Budget settlement of {} USD failed ({}); the reservation expires", cost.toPlainString(),
          e.getClass().getSimpleName());
    });
  }

  private void alert(List<Applied> applied, List<BigDecimal> spent, BigDecimal cost) {
    for (int i = 0; i < applied.size(); i++) {
      Limit limit = applied.get(i).limit();
      BigDecimal after = spent.get(i);
      BigDecimal before = after.subtract(cost);
      for (Double threshold : limit.getAlerts()) {
        BigDecimal mark = limit.getUsd().multiply(BigDecimal.valueOf(threshold));
        if (before.compareTo(mark) < 0 && after.compareTo(mark) >= 0) {
          alerts.thresholdCrossed(limit.getName(), threshold);
          log.warn("Budget '{}' passed {}% of its {} USD per {}: {} USD spent", limit.getName(),
              BigDecimal.valueOf(threshold * 100).stripTrailingZeros().toPlainString(),
              limit.getUsd().toPlainString(), describe(limit), after.setScale(6, RoundingMode.HALF_UP).toPlainString());
        }
      }
    }
  }

  private static String digest(String value) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The filter's arguments: its limits. */
  public static class Config {
    private List<Limit> limits = new ArrayList<>();

    public List<Limit> getLimits() {
      return limits;
    }

    public void setLimits(List<Limit> limits) {
      this.limits = limits;
    }

    void validate() {
      if (limits.isEmpty()) {
        throw new IllegalArgumentException("AiBudget needs at least one entry under 'limits'");
      }
      for (int i = 0; i < limits.size(); i++) {
        Limit limit = limits.get(i);
        if (limit.getName() == null || limit.getName().isBlank() || !limit.getName().matches("[A-Za-z0-9._-]+")) {
          throw new IllegalArgumentException("AiBudget limits[" + i + "].name must be set (letters, digits, . _ -)");
        }
        if (limit.getUsd() == null || limit.getUsd().signum() <= 0) {
          throw new IllegalArgumentException("AiBudget limits[" + i + "].usd must be a positive amount");
        }
        for (Double t : limit.getAlerts()) {
          if (t == null || t <= 0 || t > 1) {
            throw new IllegalArgumentException("AiBudget limits[" + i + "].alerts must be fractions in (0, 1]");
          }
        }
      }
    }
  }

  /** One spend limit. Limits with the same name share their budget across routes. */
  public static class Limit {
    private @Nullable String name;
    private BudgetSubject subject = BudgetSubject.GLOBAL;
    private @Nullable String match;
    private BudgetPeriod period = BudgetPeriod.DAY;
    private @Nullable BigDecimal usd;
    private List<Double> alerts = new ArrayList<>();

    public @Nullable String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public BudgetSubject getSubject() {
      return subject;
    }

    public void setSubject(BudgetSubject subject) {
      this.subject = subject;
    }

    /** When set, the limit applies only to this subject value (a team name, a model …). */
    public @Nullable String getMatch() {
      return match;
    }

    public void setMatch(@Nullable String match) {
      this.match = match;
    }

    public BudgetPeriod getPeriod() {
      return period;
    }

    public void setPeriod(BudgetPeriod period) {
      this.period = period;
    }

    public BigDecimal getUsd() {
      return usd == null ? BigDecimal.ZERO : usd;
    }

    public void setUsd(BigDecimal usd) {
      this.usd = usd;
    }

    /** Soft alert thresholds as fractions of the limit (0.8 = 80 %): a WARN log line and a metric when crossed. */
    public List<Double> getAlerts() {
      return alerts;
    }

    public void setAlerts(List<Double> alerts) {
      this.alerts = alerts;
    }
  }
}
