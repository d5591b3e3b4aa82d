package io.switchboard.ai.guardrails;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data and secrets: candidate patterns (linear, no nested quantifiers) whose matches count only when a
 * validator accepts them, so order numbers, tracking ids, versions and dates stay alone. See docs/guardrails.md for
 * the entity list, the rules and the measured precision and recall.
 */
public final class Pii implements TextCheck {

  /** What the PII check finds; the name is the placeholder label. */
  public enum Entity {
    EMAIL, PHONE, CARD, IBAN, US_SSN, UK_NINO, DE_TAX_ID, FR_INSEE, IN_AADHAAR, IPV4, IPV6, SECRET;

    /** {@code email}, {@code us-ssn} … as written in configuration. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Entity parse(String id) {
      String key = id.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Entity e : values()) {
        if (e.name().equals(key)) {
          return e;
        }
      }
      throw new IllegalArgumentException(id + " (expected one of: " + java.util.Arrays.stream(values())
          .map(Entity::id).toList() + ")");
    }
  }

  /** {@code needs}: what the text must contain for the pattern to be worth running (0: digits, else that char). */
  private record Detector(Entity entity, Pattern pattern, Predicate<String> valid, char needs) {
  }

  /** Not after a letter, digit, dot or dash, nor after a digit group ("4391 8567 …"). */
  private static final String NB = "(?<![\\p{L}\\p{N}_.-])(?<!\\p{N}[ .-])";
  /** Not before a letter or digit, nor before another digit group. */
  private static final String NA = "(?![\\p{L}\\p{N}_])(?![ .-]\\p{N})";

  /** In priority order: an earlier detector's match wins over an overlapping later one. */
  private static final List<Detector> DETECTORS = List.of(
      new Detector(Entity.SECRET, Pattern.compile(
          "-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"
              + "|(?<![A-Za-z0-9])(?:sk-(?:proj-|ant-(?:api\\d\\d-)?)?[A-Za-z0-9_-]{20,200}"
              + "|(?:AKIA|ASIA)[0-9A-Z]{16}"
              + "|gh[pousr]_[A-Za-z0-9]{36,80}"
              + "|github_pat_[A-Za-z0-9_]{22,120}"
              + "|xox[abposr]-[A-Za-z0-9-]{10,100}"
              + "|AIza[0-9A-Za-z_-]{35}"
              + "|glpat-[A-Za-z0-9_-]{20,40}"
              + "|(?:sk|rk)_live_[0-9a-zA-Z]{24,99}"
              + "|eyJ[A-Za-z0-9_-]{10,1000}\\.eyJ[A-Za-z0-9_-]{10,4000}\\.[A-Za-z0-9_-]{10,1000})"
              + "(?![A-Za-z0-9])"), Pii::secret, '*'),
      // High-entropy tokens with no known prefix: 32+ chars of a key alphabet, mixed case and digits.
      new Detector(Entity.SECRET, Pattern.compile("(?<![A-Za-z0-9+/_=.-])[A-Za-z0-9+/_=-]{32,256}(?![A-Za-z0-9+/_=.-])"),
          Pii::entropic, '*'),
      new Detector(Entity.EMAIL, Pattern.compile(
          "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]{1,64}@[\\p{L}\\p{N}-]{1,63}(?:\\.[\\p{L}\\p{N}-]{1,63}){0,8}"
              + "\\.\\p{L}{2,24}(?![\\p{L}\\p{N}-])"), Pii::email, '@'),
      // Unspaced, or in groups of four (the print form); the validator checks the country's length and mod 97.
      new Detector(Entity.IBAN, Pattern.compile(NB + "[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)"
          + NA), s -> Validators.iban(s.replace(" ", "").toUpperCase(Locale.ROOT)), '0'),
      new Detector(Entity.CARD, Pattern.compile(NB + "\\d(?:[ -]?\\d){12,18}" + NA),
          s -> Validators.card(Validators.digits(s)) && consistentSeparators(s), '0'),
      new Detector(Entity.FR_INSEE, Pattern.compile(NB + "[12] ?\\d{2} ?\\d{2} ?(?:\\d{2}|2[AB]) ?\\d{3} ?\\d{3} ?\\d{2}"
          + NA), s -> Validators.insee(s.replace(" ", "")), '0'),
      new Detector(Entity.US_SSN, Pattern.compile(NB + "\\d{3}([- ])\\d{2}\\1\\d{4}" + NA),
          s -> Validators.ssn(Validators.digits(s)), '0'),
      new Detector(Entity.UK_NINO, Pattern.compile(
          NB + "[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]" + NA),
          s -> Validators.nino(s.replace(" ", "")), '0'),
      new Detector(Entity.IN_AADHAAR, Pattern.compile(NB + "[2-9]\\d{3}([ -]?)\\d{4}\\1\\d{4}" + NA),
          s -> Validators.aadhaar(Validators.digits(s)), '0'),
      new Detector(Entity.DE_TAX_ID, Pattern.compile(NB + "[1-9]\\d(?: ?\\d{3}){3}" + NA),
          s -> Validators.steuerId(Validators.digits(s)), '0'),
      new Detector(Entity.IPV6, Pattern.compile(
          "(?<![\\p{L}\\p{N}:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\\d{1,3}\\.){3}\\d{1,3})?"
              + "(?![\\p{L}\\p{N}:])"), Validators::ipv6, ':'),
      new Detector(Entity.IPV4, Pattern.compile("(?<![\\p{L}\\p{N}.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\p{N}]|\\.\\d)"),
          Validators::ipv4, '.'),
      new Detector(Entity.PHONE, Pattern.compile(
          // international: +CC and 7–14 more digits in groups
          "(?<![\\p{L}\\p{N}+])\\+[1-9]\\d{0,2}(?:[ .-]?\\(?\\d{1,5}\\)?){1,6}" + NA
              // North America: (212) 555-0147, 212-555-0147, 212.555.0147
              + "|" + NB + "(?:\\(\\d{3}\\) ?|\\d{3}[-. ])\\d{3}[-. ]\\d{4}" + NA
              // France: 01 23 45 67 89, 06.12.34.56.78, 0612345678 (mobiles)
              + "|" + NB + "0[1-9](?:[ .-]\\d{2}){4}" + NA + "|" + NB + "0[67]\\d{8}" + NA
              // UK: 07700 900123, 020 7946 0958, 0161 496 0000
              + "|" + NB + "0(?:7\\d{3} ?\\d{3} ?\\d{3}|[12]\\d{1,3} \\d{3,4} ?\\d{3,4})" + NA
              // Germany: 030 12345678, 0151 23456789, 089/1234567
              + "|" + NB + "0(?:1[5-7]\\d{1,2}[ /-]?\\d{7,8}|[2-9]\\d{1,4}[ /-]\\d{4,8})" + NA),
          Pii::phone, '0'));

  private final EnumSet<Entity> entities;

  public Pii(Set<Entity> entities) {
    this.entities = entities.isEmpty() ? EnumSet.allOf(Entity.class) : EnumSet.copyOf(entities);
  }

  private static final String[] SECRET_PREFIXES = {"sk-", "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
      "github_pat_", "xox", "AIza", "glpat-", "_live_", "eyJ", "-----BEGIN"};

  /**
   * Runs each detector only where it can match: digit-based ones over the clusters of digits (with transparent
   * bounds, so the boundary look-arounds still see the text around), e-mail only with an {@code @}, IPv6 with two
   * colons, prefixed secrets with a known prefix, entropy over runs of 32+ key characters. A 1 KB prompt with a few
   * numbers is scanned in a few microseconds instead of running every pattern at every position.
   */
  @Override
  public List<Finding> find(CharSequence text, long budgetNanos) {
    BoundedText bounded = BoundedText.of(text, budgetNanos);
    String plain = text.toString();
    List<Finding> found = new ArrayList<>();
    List<int[]> digitRegions = new ArrayList<>();
    List<int[]> keyRuns = new ArrayList<>();
    int colons = 0;
    boolean at = false;
    int n = plain.length();
    int clusterStart = -1;
    int lastDigit = -100;
    int clusterDigits = 0;
    int runStart = -1;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? plain.charAt(i) : ' ';
      boolean digit = c >= '0' && c <= '9';
      if (digit) {
        if (i - lastDigit > 8) {
          closeCluster(digitRegions, clusterStart, lastDigit, clusterDigits, n);
          clusterStart = i;
          clusterDigits = 0;
        }
        clusterDigits++;
        lastDigit = i;
      } else if (c == '@') {
        at = true;
      } else if (c == ':') {
        colons++;
      }
      boolean key = digit || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '+' || c == '/' || c == '_'
          || c == '=' || c == '-';
      if (key && runStart < 0) {
        runStart = i;
      } else if (!key && runStart >= 0) {
        if (i - runStart >= 32) {
          keyRuns.add(new int[] {Math.max(0, runStart - 1), Math.min(n, i + 1)});
        }
        runStart = -1;
      }
    }
    closeCluster(digitRegions, clusterStart, lastDigit, clusterDigits, n);
    boolean prefixed = false;
    for (String prefix : SECRET_PREFIXES) {
      if (plain.contains(prefix)) {
        prefixed = true;
        break;
      }
    }
    List<int[]> whole = List.of(new int[] {0, n});
    for (int d = 0; d < DETECTORS.size(); d++) {
      Detector detector = DETECTORS.get(d);
      if (!entities.contains(detector.entity())) {
        continue;
      }
      List<int[]> regions = switch (detector.needs()) {
        case '0', '.' -> digitRegions;
        case '@' -> at ? whole : List.of();
        case ':' -> colons >= 2 ? whole : List.of();
        default -> d == 0 ? (prefixed ? whole : List.of()) : keyRuns;
      };
      for (int[] region : regions) {
        Matcher m = detector.pattern().matcher(bounded);
        m.region(region[0], region[1]).useTransparentBounds(true).useAnchoringBounds(false);
        while (m.find()) {
          int start = m.start();
          int end = m.end();
          if (overlaps(found, start, end)) {
            continue;
          }
          if (detector.valid().test(plain.substring(start, end))) {
            found.add(new Finding(start, end, detector.entity().name()));
          }
        }
      }
    }
    found.sort(Comparator.comparingInt(Finding::start));
    return found;
  }

  /** A cluster of digits worth a look: 4 or more (an IPv4 address), padded for prefixes (IBAN country, NINO letters, "+"). */
  private static void closeCluster(List<int[]> regions, int start, int last, int digits, int n) {
    if (start < 0 || digits < 4) {
      return;
    }
    int from = Math.max(0, start - 8);
    int to = Math.min(n, last + 9);
    if (!regions.isEmpty() && regions.get(regions.size() - 1)[1] >= from) {
      regions.get(regions.size() - 1)[1] = to;
    } else {
      regions.add(new int[] {from, to});
    }
  }

  private static boolean overlaps(List<Finding> found, int start, int end) {
    for (Finding f : found) {
      if (start < f.end() && f.start() < end) {
        return true;
      }
    }
    return false;
  }

  private static boolean consistentSeparators(String s) {
    // 4111 1111 1111 1111, 4111-1111-1111-1111 or no separators; not a digit run broken at random places.
    if (s.indexOf(' ') < 0 && s.indexOf('-') < 0) {
      return true;
    }
    String[] groups = s.split("[ -]");
    for (String g : groups) {
      if (g.length() < 4 || g.length() > 6) {
        return false;
      }
    }
    return true;
  }

  private static boolean email(String s) {
    int at = s.indexOf('@');
    String local = s.substring(0, at);
    return !local.startsWith(".") && !local.endsWith(".") && !s.contains("..");
  }

  private static boolean phone(String s) {
    String digits = Validators.digits(s);
    if (s.startsWith("+")) {
      return digits.length() >= 8 && digits.length() <= 15;
    }
    if (s.startsWith("0")) {
      return digits.length() >= 10 && digits.length() <= 12;
    }
    // North America: area code and exchange do not start with 0 or 1; 555-01xx are fictional but still phones.
    return digits.length() == 10 && digits.charAt(0) >= '2' && digits.charAt(3) >= '2';
  }

  private static boolean secret(String s) {
    if (s.startsWith("sk-")) {
      String rest = s.substring(s.lastIndexOf('-') + 1);
      return s.chars().anyMatch(Character::isDigit) && Validators.entropy(s.substring(3)) >= 3.5
          && rest.length() >= 8;
    }
    return true;
  }

  /** Shannon entropy at least 4.2 bits per character (hex digests, at most 4, stay out) and mixed classes. */
  private static boolean entropic(String s) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return upper && lower && digit && Validators.entropy(s) >= 4.2 && !encodedText(s);
  }

  /** Base64 of readable text (an encoded message, which the injection check looks into), not a key. */
  private static boolean encodedText(String s) {
    String payload = s.replace("=", "");
    int pad = (4 - payload.length() % 4) % 4;
    if (pad == 3) {
      return false;
    }
    try {
      byte[] bytes = java.util.Base64.getDecoder().decode(payload + "=".repeat(pad));
      int printable = 0;
      for (byte b : bytes) {
        printable += (b >= 32 && b < 127) || b == '\n' ? 1 : 0;
      }
      return printable >= bytes.length * 0.95;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
