package io.switchboard.ai.observe.billing;

import java.time.Instant;

/** A query's answer row: the totals of one dimension value in one bucket. */
public record BillingRow(String period, Instant start, String value, BillingTotals totals) {
}
