package io.switchboard.ai.observe.billing;

import java.time.Instant;

/** One counter row of the ledger: a dimension's value in one bucket ({@code start} is the bucket's start). */
public record BillingCell(BillingBucket bucket, Instant start, BillingDimension dimension, String value) {
}
