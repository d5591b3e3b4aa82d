package io.switchboard.ai.guardrails;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.Dialect;
import io.switchboard.ai.routing.AnswerTap;
import io.switchboard.ai.routing.AskAgain;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The output side of a guardrail run, as an {@link AnswerTap}. A JSON answer is checked whole (its text fields, and
 * its JSON against the request's schema). A stream is checked incrementally: each text delta extracted from the
 * client-dialect events is scanned together with the last {@code window} characters before it, so a match that
 * spans events is caught without buffering the answer; a block stops the stream (the writer cancels the upstream
 * and ends the client's stream with the error event of its dialect). Redaction holds back at most the window (the
 * held text leaves as soon as it is safe, at the latest before the event that ends the text), and restoring holds
 * back only a trailing partial placeholder ({@code [EMA}) until its end arrives.
 */
final class OutputTap implements AnswerTap {

  private static final int MAX_SCHEMA_TEXT = 1 << 20;

  private final GuardrailRun run;
  private final List<GuardCheck> checks;
  private final boolean stream;
  private final boolean redacts;
  private final boolean restores;
  private final int window;
  private final long[] nanos;
  private final int[] counts;
  private final @Nullable String[] errors;
  private boolean recorded;

  // stream state
  private final StringBuilder pending = new StringBuilder();
  private String tail = "";
  private long released;
  private long scannedEnd;
  private final StringBuilder restoreHeld = new StringBuilder();
  private final StringBuilder schemaText = new StringBuilder();
  private boolean schemaChecked;
  /** The last text event (its tree, text slot and non-data lines): the shape of an event that flushes held text. */
  private @Nullable JsonNode template;
  private TextSlots.@Nullable Slot templateSlot;
  private @Nullable String templatePrefix;

  OutputTap(GuardrailRun run, boolean stream) {
    this.run = run;
    this.checks = run.outputChecks();
    this.stream = stream;
    this.redacts = checks.stream().anyMatch(c -> c.action() == Action.REDACT);
    this.restores = run.restore && !run.placeholders.isEmpty();
    this.window = run.window;
    this.nanos = new long[checks.size()];
    this.counts = new int[checks.size()];
    this.errors = new String[checks.size()];
  }

  @Override
  public byte[] onPiece(byte[] piece) {
    try {
      return stream ? onEvents(piece) : onJson(piece);
    } catch (AiException e) {
      recordVerdicts();
      throw e;
    }
  }

  @Override
  public void onComplete() {
    recordVerdicts();
  }

  @Override
  public void onFailure(@Nullable Throwable error, boolean cancelled) {
    recordVerdicts();
  }

  // ---- JSON ---------------------------------------------------------------------------------------------------

  private byte[] onJson(byte[] piece) {
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(piece);
    } catch (JacksonException e) {
      return piece;
    }
    boolean changed = false;
    StringBuilder all = new StringBuilder();
    for (TextSlots.Slot slot : AnswerTexts.ofAnswer(run.dialect, answer)) {
      String text = slot.get();
      all.append(text);
      String out = whole(text, true);
      if (restores) {
        out = run.placeholders.restore(out);
      }
      if (!out.equals(text)) {
        slot.set(out);
        changed = true;
      }
    }
    checkSchema(all);
    recordVerdicts();
    return changed ? Json.MAPPER.writeValueAsBytes(answer) : piece;
  }

  /** Runs every located output check over a whole text; returns it redacted. Blocks throw. */
  private String whole(String text, boolean count) {
    String out = text;
    for (int i = 0; i < checks.size(); i++) {
      GuardCheck check = checks.get(i);
      if (check.text() == null) {
        continue;
      }
      List<Finding> found = scan(i, out);
      if (found == null || found.isEmpty()) {
        continue;
      }
      if (count) {
        counts[i] += found.size();
      }
      if (check.action() == Action.BLOCK) {
        throw GuardrailRun.blocked(check);
      }
      if (check.action() == Action.REDACT) {
        out = run.placeholders.redact(out, found);
      }
    }
    return out;
  }

  /** One check over a text: its findings, or null when it failed open (a closed failure throws). */
  private @Nullable List<Finding> scan(int i, String text) {
    GuardCheck check = checks.get(i);
    long t0 = System.nanoTime();
    try {
      if (text.length() > run.guardrails.maxScanChars()) {
        throw new GuardrailRun.TooLarge();
      }
      return check.text().find(text, run.guardrails.checkTimeoutNanos());
    } catch (BoundedText.TimeoutException | GuardrailRun.TooLarge e) {
      return failed(i, e instanceof GuardrailRun.TooLarge ? "too-large" : "timeout");
    } catch (AiException e) {
      throw e;
    } catch (RuntimeException e) {
      return failed(i, "check-error");
    } finally {
      nanos[i] += System.nanoTime() - t0;
    }
  }

  private @Nullable List<Finding> failed(int i, String kind) {
    errors[i] = kind;
    GuardCheck check = checks.get(i);
    if (!check.failOpen()) {
      throw new AiException(400, "invalid_request_error", "guardrail_check_failed", null,
          "Guardrail policy '" + check.policy() + "', check '" + check.name()
              + "' (output) could not complete (" + kind + ") and fails closed.", null);
    }
    return null;
  }

  private void checkSchema(CharSequence text) {
    if (run.schema == null) {
      return;
    }
    for (int i = 0; i < checks.size(); i++) {
      GuardCheck check = checks.get(i);
      if (check.schema() == null) {
        continue;
      }
      long t0 = System.nanoTime();
      String problem;
      try {
        problem = JsonSchemaCheck.validate(run.schema, Json.MAPPER.readTree(text.toString()));
      } catch (JacksonException e) {
        problem = "$: not valid JSON";
      } finally {
        nanos[i] += System.nanoTime() - t0;
      }
      if (problem != null) {
        counts[i]++;
        if (check.action() == Action.BLOCK) {
          AiException blocked = new AiException(400, "invalid_request_error", "guardrail_blocked", null,
              "The answer was stopped by guardrail policy '" + check.policy() + "', check '" + check.name()
                  + "' (output): it does not follow the requested JSON schema (" + problem + ").", null);
          if (!stream && check.schema().reask() && run.requestTree != null) {
            // Nothing was written yet: the route asks once more with the violation named (AskAgain), else blocks.
            throw new AskAgain(Reask.body(run.dialect, run.requestTree, text.toString(), problem), blocked);
          }
          throw blocked;
        }
      }
    }
  }

  // ---- streams ------------------------------------------------------------------------------------------------

  private byte[] onEvents(byte[] piece) {
    String text = new String(piece, StandardCharsets.UTF_8);
    ByteArrayOutputStream out = null;
    int at = 0;
    int n = text.length();
    while (at < n) {
      int end = eventEnd(text, at);
      String event = text.substring(at, end);
      String rewritten = onEvent(event);
      if (rewritten != null && out == null) {
        out = new ByteArrayOutputStream(piece.length + 64);
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
      }
      if (out != null) {
        out.writeBytes((rewritten == null ? event : rewritten).getBytes(StandardCharsets.UTF_8));
      }
      at = end;
    }
    return out == null ? piece : out.toByteArray();
  }

  /** The end of the event starting at {@code from} (after its blank line), or the text's end. */
  private static int eventEnd(String text, int from) {
    int i = from;
    while (true) {
      int nl = text.indexOf('\n', i);
      if (nl < 0) {
        return text.length();
      }
      int next = nl + 1;
      if (next < text.length() && text.charAt(next) == '\n') {
        return next + 1;
      }
      if (next + 1 < text.length() && text.charAt(next) == '\r' && text.charAt(next + 1) == '\n') {
        return next + 2;
      }
      i = next;
    }
  }

  /** One event: what goes out instead (with held text flushed before it), or null when it goes out unchanged. */
  private @Nullable String onEvent(String event) {
    String prefix = null;
    StringBuilder data = null;
    int lineStart = 0;
    while (lineStart < event.length()) {
      int nl = event.indexOf('\n', lineStart);
      int lineEnd = nl < 0 ? event.length() : nl;
      String line = event.substring(lineStart, lineEnd);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.startsWith("data:")) {
        String value = line.substring(line.startsWith("data: ") ? 6 : 5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      } else if (!line.isEmpty()) {
        prefix = prefix == null ? line + "\n" : prefix + line + "\n";
      }
      lineStart = lineEnd + 1;
    }
    if (data == null) {
      return null; // a comment (keep-alive) or a blank line
    }
    JsonNode json = null;
    if (!data.isEmpty() && (data.charAt(0) == '{' || data.charAt(0) == '[')) {
      try {
        json = Json.MAPPER.readTree(data.toString());
      } catch (JacksonException e) {
        json = null;
      }
    }
    TextSlots.Slot delta = json == null ? null : AnswerTexts.delta(run.dialect, json);
    boolean ends = json == null || AnswerTexts.ends(run.dialect, json);
    if (delta == null) {
      String flushed = flushEvent();
      if (ends) {
        endOfText();
      }
      String rewritten = json == null ? null : rewriteSummary(json, prefix);
      if (flushed == null && rewritten == null) {
        return null;
      }
      return (flushed == null ? "" : flushed) + (rewritten == null ? event : rewritten);
    }
    String text = delta.get();
    String releasedText = onDelta(text, ends);
    if (ends) {
      endOfText();
    }
    String out = null;
    if (!releasedText.equals(text)) {
      delta.set(releasedText);
      out = (prefix == null ? "" : prefix) + "data: " + Json.MAPPER.writeValueAsString(json) + "\n\n";
    }
    if (redacts || restores) {
      // Kept, not serialised: only an event that flushes held text needs it (the tree is this tap's own).
      template = json;
      templateSlot = delta;
      templatePrefix = prefix;
    }
    return out;
  }

  /** The held text as one more text event shaped like the last one, or null when nothing is held. */
  private @Nullable String flushEvent() {
    String held = flush();
    if (held.isEmpty() || template == null) {
      return null;
    }
    templateSlot.set(held);
    return (templatePrefix == null ? "" : templatePrefix) + "data: " + Json.MAPPER.writeValueAsString(template)
        + "\n\n";
  }

  /** Summary events that repeat the whole text (the Responses API's {@code *.done}): redacted and restored too. */
  private @Nullable String rewriteSummary(JsonNode json, @Nullable String prefix) {
    if (run.dialect != Dialect.RESPONSES || (!redacts && !restores)) {
      return null;
    }
    boolean changed = AnswerTexts.rewriteTexts(json, t -> {
      String out = redacts ? whole(t, false) : t;
      return restores ? run.placeholders.restore(out) : out;
    }, 0);
    return changed ? (prefix == null ? "" : prefix) + "data: " + Json.MAPPER.writeValueAsString(json) + "\n\n" : null;
  }

  /** A text delta: scans it in its window; returns the text that may leave now. */
  String onDelta(String delta, boolean last) {
    if (run.schema != null && schemaText.length() < MAX_SCHEMA_TEXT) {
      schemaText.append(delta);
    }
    pending.append(delta);
    String scanned = tail + pending;
    long base = released - tail.length();
    List<Finding> redactions = new ArrayList<>(0);
    for (int i = 0; i < checks.size(); i++) {
      GuardCheck check = checks.get(i);
      if (check.text() == null) {
        continue;
      }
      if (check.text() instanceof MaxSize max) {
        if (released + pending.length() > max.maxChars() && counts[i] == 0) {
          counts[i]++;
          if (check.action() == Action.BLOCK) {
            throw GuardrailRun.blocked(check);
          }
        }
        continue;
      }
      List<Finding> found = scan(i, scanned);
      if (found == null) {
        continue;
      }
      for (Finding f : found) {
        if (check.action() == Action.REDACT) {
          redactions.add(f);
        }
        if (base + f.end() > scannedEnd) {
          counts[i]++;
          if (check.action() == Action.BLOCK) {
            throw GuardrailRun.blocked(check);
          }
        }
      }
    }
    scannedEnd = base + scanned.length();
    int releaseEnd = last || !redacts ? pending.length() : Math.max(0, pending.length() - window);
    if (redacts && !last) {
      for (Finding f : redactions) {
        int fs = f.start() - tail.length();
        int fe = f.end() - tail.length();
        if (fs < releaseEnd && fe > releaseEnd) {
          releaseEnd = pending.length() > 4 * window ? fe : Math.max(0, fs);
        }
      }
    }
    StringBuilder out = new StringBuilder(releaseEnd);
    int at = 0;
    redactions.sort(java.util.Comparator.comparingInt(Finding::start));
    for (Finding f : redactions) {
      int fs = Math.max(0, f.start() - tail.length());
      int fe = f.end() - tail.length();
      if (fe <= at || fe > releaseEnd || fs < at) {
        continue;
      }
      out.append(pending, at, fs).append(run.placeholders.placeholder(f.label(), pending.substring(fs, fe)));
      at = fe;
    }
    out.append(pending, at, releaseEnd);
    String raw = pending.substring(0, releaseEnd);
    pending.delete(0, releaseEnd);
    released += releaseEnd;
    String seen = tail + raw;
    tail = seen.length() > window ? seen.substring(seen.length() - window) : seen;
    return restore(out.toString(), last);
  }

  private String restore(String text, boolean last) {
    if (!restores) {
      return text;
    }
    restoreHeld.append(text);
    int open = restoreHeld.lastIndexOf("[");
    String out;
    if (!last && open >= 0 && restoreHeld.length() - open < Placeholders.MAX_LENGTH
        && restoreHeld.indexOf("]", open) < 0 && partialPlaceholder(restoreHeld, open)) {
      out = restoreHeld.substring(0, open);
      restoreHeld.delete(0, open);
    } else {
      out = restoreHeld.toString();
      restoreHeld.setLength(0);
    }
    return run.placeholders.restore(out);
  }

  private static boolean partialPlaceholder(CharSequence s, int open) {
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** Everything held back, checked and restored. */
  private String flush() {
    if (pending.isEmpty() && restoreHeld.isEmpty()) {
      return "";
    }
    return onDelta("", true);
  }

  private void endOfText() {
    if (!schemaChecked && run.schema != null && !schemaText.isEmpty()) {
      schemaChecked = true;
      checkSchema(schemaText);
    }
  }

  private synchronized void recordVerdicts() {
    if (recorded) {
      return;
    }
    recorded = true;
    for (int i = 0; i < checks.size(); i++) {
      GuardCheck check = checks.get(i);
      if (check.remote() != null || (check.schema() != null && run.schema == null)) {
        continue; // provider checks are not run on answers; a schema check without a schema has nothing to say
      }
      String outcome = errors[i] != null ? "error" : counts[i] == 0 ? "pass" : check.action().id();
      run.verdicts.add(new GuardrailVerdicts.Verdict(check.policy(), check.name(), "output", check.action().id(),
          outcome, nanos[i] / 1000, counts[i], errors[i], check.failOpen()));
    }
  }
}
