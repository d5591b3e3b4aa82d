package io.switchboard.ai.guardrails;

import java.util.List;

/** A compiled guardrail policy: its checks in order. */
record Policy(String name, List<GuardCheck> input, List<GuardCheck> output, boolean restore, int window) {
}
