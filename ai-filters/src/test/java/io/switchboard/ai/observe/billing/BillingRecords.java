package io.switchboard.ai.observe.billing;

import io.switchboard.ai.observe.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Synthetic usage records for the ledger's tests: successes, failures and cancelled streams with partial tokens. */
final class BillingRecords {

  static final String[] KEYS = {"vk_a", "vk_b", "vk_c", null};
  static final String[] TEAMS = {"red", "blue", null};
  static final String[] USERS = {"ann", "bob, jr.", null};
  static final String[] MODELS = {"gpt-4o-mini", "claude-sonnet-4-5", "unpriced-model"};
  static final String[] PROVIDERS = {"openai", "anthropic", "local"};
  static final String[] OUTCOMES = {"success", "upstream_error", "cancelled", "client_error", "rejected"};

  private BillingRecords() {
  }

  static UsageRecord record(Instant time, String key, String user, String team, String model, String provider,
      String outcome, long prompt, long completion, long cached, BigDecimal cost) {
    return new UsageRecord("r-" + time.toEpochMilli(), time, "route", "openai", "chat", key, user, team, model,
        provider, model, List.of(), outcome.equals("success") ? 200 : 502, outcome, null, true,
        new UsageRecord.Latency(10, null, 8, 2), new UsageRecord.Tokens(prompt, completion, cached, 0, 0), cost,
        null, Map.of());
  }

  /** {@code n} records over {@code hours} hours from {@code start}, seeded. */
  static List<UsageRecord> random(long seed, int n, Instant start, int hours) {
    Random random = new Random(seed);
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant time = start.plusSeconds(random.nextInt(hours * 3600));
      String outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
      String model = MODELS[random.nextInt(MODELS.length)];
      long prompt = outcome.equals("rejected") ? 0 : random.nextInt(5000);
      long completion = outcome.equals("success") ? random.nextInt(2000)
          : outcome.equals("cancelled") ? random.nextInt(50) : 0; // a cut stream: tokens delivered until then
      long cached = prompt == 0 ? 0 : random.nextInt((int) prompt + 1);
      BigDecimal cost = model.equals("unpriced-model") || prompt + completion == 0 ? null
          : BigDecimal.valueOf(prompt).multiply(new BigDecimal("0.15")).add(
              BigDecimal.valueOf(completion).multiply(new BigDecimal("0.6"))).movePointLeft(6)
              .add(new BigDecimal("0.000000000000000001").multiply(BigDecimal.valueOf(random.nextInt(1000))));
      records.add(record(time, KEYS[random.nextInt(KEYS.length)], USERS[random.nextInt(USERS.length)],
          TEAMS[random.nextInt(TEAMS.length)], model, PROVIDERS[random.nextInt(PROVIDERS.length)], outcome, prompt,
          completion, cached, cost));
    }
    return records;
  }

  /** The expected totals: the plain sum of the records that match. */
  static BillingTotals sum(List<UsageRecord> records, java.util.function.Predicate<UsageRecord> which) {
    BillingTotals total = BillingTotals.ZERO;
    for (UsageRecord r : records) {
      if (which.test(r)) {
        total = total.plus(new BillingTotals(1, r.tokens().promptTokens(), r.tokens().completionTokens(),
            r.tokens().cachedReadTokens(), r.costUsd() == null ? BigDecimal.ZERO : r.costUsd()));
      }
    }
    return total;
  }

  static BillingTotals sumRows(List<BillingRow> rows, java.util.function.Predicate<BillingRow> which) {
    BillingTotals total = BillingTotals.ZERO;
    for (BillingRow row : rows) {
      if (which.test(row)) {
        total = total.plus(row.totals());
      }
    }
    return total;
  }

  /** Totals compared exactly (costs by value, not scale). */
  static boolean same(BillingTotals a, BillingTotals b) {
    return a.requests() == b.requests() && a.inputTokens() == b.inputTokens() && a.outputTokens() == b.outputTokens()
        && a.cachedTokens() == b.cachedTokens() && a.costUsd().compareTo(b.costUsd()) == 0;
  }
}
