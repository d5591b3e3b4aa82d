package io.switchboard.ai.guardrails;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prompt-injection and jailbreak screening by a documented heuristic score (docs/guardrails.md): each signal found
 * adds its weight, the score is capped at 1, and the check fires at {@code threshold} (0.5 by default).
 *
 * <ul>
 *   <li>instruction overrides ("ignore all previous instructions", "disregard the rules above") 0.6</li>
 *   <li>prompt exfiltration ("reveal your system prompt") 0.6</li>
 *   <li>jailbreak personas and modes ("you are now DAN", "developer mode", "do anything now") 0.5</li>
 *   <li>restriction removal ("without any restrictions", "no ethical guidelines") 0.3</li>
 *   <li>role and template markers ({@code <|im_start|>system}, {@code [INST]}, {@code ### system:}) 0.4</li>
 *   <li>encoded payloads: a base64 run that decodes to text with any signal above 0.6; a call to decode and obey
 *       0.3</li>
 * </ul>
 * Signals in English, French, German and Spanish. Patterns are fixed and linear; the text is lower-cased once.
 */
public final class Injection implements TextCheck {

  /** A signal, run only when the (lower-cased) text contains one of its trigger words. */
  private record Signal(Pattern pattern, double weight, String... triggers) {
  }

  private static final String W = "(?:\\s+\\S+){0,3}?\\s+"; // up to three filler words

  private static final List<Signal> SIGNALS = List.of(
      new Signal(Pattern.compile("\\b(?:ignore|disregard|forget|skip|override|bypass)" + W
          + "(?:previous|prior|above|earlier|preceding|all|any|your|the|system|initial|original|safety|content)" + W
          + "(?:instructions?|prompts?|rules|directions|guidelines|directives|context|programming|constraints)"), 0.6, "ignore", "disregard", "forget", "skip", "override", "bypass"),
      new Signal(Pattern.compile("\\b(?:ignore|forget|disregard) (?:everything|all that)"
          + " (?:above|before|you (?:were|have been) told)"), 0.6, "ignore", "forget", "disregard"),
      new Signal(Pattern.compile("\\b(?:ignore[sz]?|oublie[sz]?|ignoriere|vergiss|ignora|olvida)"
          + "(?:\\s+\\S+){0,4}?\\s+(?:instructions|anweisungen|instrucciones|consignes|règles|regeln|reglas)"), 0.6, "ignor", "oubli", "vergiss", "olvid"),
      new Signal(Pattern.compile("\\b(?:reveal|print|show|repeat|output|display|leak|tell me)"
          + "(?:\\s+\\S+){0,3}?\\s+(?:system prompt|initial (?:prompt|instructions)|hidden (?:prompt|instructions)"
          + "|(?:your|the) (?:instructions|prompt) (?:above|verbatim))"), 0.6, "reveal", "print", "show", "repeat", "output", "display", "leak", "tell me"),
      new Signal(Pattern.compile("\\b(?:you are now|from now on,? you are|act as|pretend (?:to be|you are)|roleplay as"
          + "|you will now act as)(?:\\s+\\S+){0,3}?\\s+(?:dan|an? (?:unrestricted|unfiltered|uncensored|evil)"
          + "|jailbroken|stan|dude|aim)\\b"), 0.5, "you are now", "from now on", "act as", "pretend", "roleplay", "you will now"),
      new Signal(Pattern.compile("\\b(?:do anything now|jailbreak(?:ed)?|dan mode)\\b"), 0.5, "anything now", "jailbreak", "dan mode"),
      new Signal(Pattern.compile("\\b(?:developer mode|dev mode enabled|god mode|unfiltered mode)\\b"), 0.3, " mode"),
      new Signal(Pattern.compile("\\byou are (?:now )?(?:an? )?(?:evil|unrestricted|unfiltered|uncensored|jailbroken)\\b"), 0.5, "you are"),
      new Signal(Pattern.compile("\\b(?:without|no|free of|ignoring|drop|remove|disable|turn off) (?:any |all |your )?"
          + "(?:ethical |moral |safety |content )?"
          + "(?:restrictions|limitations|filters|guidelines|censorship|rules)\\b"), 0.3, "restriction", "limitation", "filter", "guideline", "censorship", "rules"),
      new Signal(Pattern.compile("\\b(?:override|disable|turn off|bypass) (?:the |your |all )?(?:safety|content filters?"
          + "|guardrails|moderation)\\b"), 0.3, "safety", "filter", "guardrail", "moderation"),
      new Signal(Pattern.compile("\\byou must (?:obey|reveal|comply|ignore)\\b"), 0.2, "you must"),
      new Signal(Pattern.compile("<\\|im_start\\|>\\s*system|<\\|system\\|>|\\[/?inst\\]|<<sys>>|###\\s*(?:system|instruction)s?\\s*:"
          + "|^\\s*system\\s*:|\\[system\\]|</?system>|<\\|endoftext\\|>", Pattern.MULTILINE), 0.4, "system", "inst", "<<sys>>", "instruction", "endoftext"),
      new Signal(Pattern.compile("\\b(?:new|updated|real|actual) (?:instructions|rules|task)\\s*:"), 0.3, "instructions", "rules", "task"),
      new Signal(Pattern.compile("\\b(?:decode|base64[- ]decode|rot13)(?:\\s+\\S+){0,4}?\\s+(?:and|then)\\s+"
          + "(?:follow|execute|obey|do|run)"), 0.3, "decode", "rot13"));

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{24,}={0,2}");

  private final double threshold;

  public Injection(double threshold) {
    if (threshold <= 0 || threshold > 1) {
      throw new IllegalArgumentException("threshold: " + threshold + " (expected: 0 < threshold <= 1)");
    }
    this.threshold = threshold;
  }

  @Override
  public List<Finding> find(CharSequence text, long budgetNanos) {
    return score(text, budgetNanos) >= threshold ? List.of(new Finding(0, text.length(), "INJECTION")) : List.of();
  }

  @Override
  public boolean locates() {
    return false;
  }

  /** The heuristic score of a text, 0 to 1. */
  public static double score(CharSequence text, long budgetNanos) {
    String lower = text.toString().toLowerCase(Locale.ROOT);
    double score = signals(BoundedText.of(lower, budgetNanos));
    if (score < 1 && hasLongRun(text)) {
      Matcher m = BASE64.matcher(BoundedText.of(text, budgetNanos));
      int decoded = 0;
      while (m.find() && decoded++ < 8) {
        String payload = m.group().replace("=", "");
        int pad = (4 - payload.length() % 4) % 4;
        if (pad == 3) {
          continue;
        }
        try {
          String plain = new String(Base64.getDecoder().decode(payload + "=".repeat(pad)), StandardCharsets.UTF_8);
          if (signals(BoundedText.of(plain.toLowerCase(Locale.ROOT), budgetNanos)) >= 0.6) {
            score += 0.6;
            break;
          }
        } catch (IllegalArgumentException e) {
          // not base64 after all
        }
      }
    }
    return Math.min(1, score);
  }

  /** Whether the text has a run of 24+ base64 characters at all (most prompts do not). */
  private static boolean hasLongRun(CharSequence text) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
        if (++run >= 24) {
          return true;
        }
      } else {
        run = 0;
      }
    }
    return false;
  }

  private static double signals(CharSequence lower) {
    double score = 0;
    String plain = lower.toString();
    for (Signal s : SIGNALS) {
      boolean triggered = false;
      for (String t : s.triggers()) {
        if (plain.contains(t)) {
          triggered = true;
          break;
        }
      }
      if (triggered && s.pattern().matcher(lower).find()) {
        score += s.weight();
      }
    }
    return score;
  }
}
