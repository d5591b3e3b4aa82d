package io.switchboard.ai.guardrails;

import java.util.Map;

/**
 * The checksums and structural rules that tell personal data from look-alike numbers: a match of a candidate
 * pattern counts only when its validator accepts it. All are pure and allocation-light.
 */
final class Validators {

  private Validators() {
  }

  /** Only the digits of {@code s}. */
  static String digits(CharSequence s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Luhn (mod 10) over a digit string. */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /**
   * A payment card number: 13 to 19 digits, an issuer prefix of a major network (Visa, Mastercard, Amex, Discover,
   * JCB, Diners, UnionPay, Maestro) and a valid Luhn check digit.
   */
  static boolean card(String digits) {
    int n = digits.length();
    if (n < 13 || n > 19 || !luhn(digits) || digits.chars().distinct().count() < 2) {
      return false;
    }
    int p2 = Integer.parseInt(digits.substring(0, 2));
    int p4 = Integer.parseInt(digits.substring(0, 4));
    if (digits.charAt(0) == '4') {
      return n == 13 || n == 16 || n == 19; // Visa
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
      return n == 16; // Mastercard
    }
    if (p2 == 34 || p2 == 37) {
      return n == 15; // Amex
    }
    if (p4 == 6011 || p2 == 65 || (p4 >= 6440 && p4 <= 6499)) {
      return n >= 16; // Discover
    }
    if (p4 >= 3528 && p4 <= 3589) {
      return n >= 16; // JCB
    }
    if (p2 == 36 || p2 == 38 || p2 == 39 || (p4 >= 3000 && p4 <= 3059)) {
      return n >= 14; // Diners
    }
    if (p2 == 62) {
      return n >= 16; // UnionPay
    }
    if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
      return n >= 12; // Maestro
    }
    return false;
  }

  /** IBAN lengths per country (SWIFT registry, the commonly used ones). */
  static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
      Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AT", 20), Map.entry("AZ", 28), Map.entry("BA", 20),
      Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29), Map.entry("CH", 21),
      Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18),
      Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18),
      Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
      Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21), Map.entry("HU", 28),
      Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30),
      Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LI", 21), Map.entry("LT", 20),
      Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22),
      Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18),
      Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25),
      Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SE", 24),
      Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24), Map.entry("TR", 26),
      Map.entry("UA", 29), Map.entry("VG", 24), Map.entry("XK", 20));

  /** An IBAN (spaces removed, upper case): the country's length and the ISO 13616 mod-97 check. */
  static boolean iban(String iban) {
    if (iban.length() < 15 || iban.length() > 34) {
      return false;
    }
    Integer length = IBAN_LENGTHS.get(iban.substring(0, 2));
    if (length == null || length != iban.length()) {
      return false;
    }
    int mod = 0;
    for (int i = 0; i < iban.length(); i++) {
      char c = iban.charAt((i + 4) % iban.length());
      if (c >= '0' && c <= '9') {
        mod = (mod * 10 + (c - '0')) % 97;
      } else if (c >= 'A' && c <= 'Z') {
        mod = (mod * 100 + (c - 'A' + 10)) % 97;
      } else {
        return false;
      }
    }
    return mod == 1;
  }

  /** A US Social Security number (9 digits): area not 000, 666 or 9xx; group not 00; serial not 0000. */
  static boolean ssn(String digits) {
    if (digits.length() != 9) {
      return false;
    }
    int area = Integer.parseInt(digits.substring(0, 3));
    int group = Integer.parseInt(digits.substring(3, 5));
    int serial = Integer.parseInt(digits.substring(5));
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
        && !digits.equals("078051120") && !digits.equals("219099999"); // advertised sample numbers
  }

  /** A UK National Insurance number (spaces removed, upper case), HMRC's prefix rules. */
  static boolean nino(String s) {
    if (s.length() != 9) {
      return false;
    }
    String prefix = s.substring(0, 2);
    return !(prefix.equals("BG") || prefix.equals("GB") || prefix.equals("NK") || prefix.equals("KN")
        || prefix.equals("TN") || prefix.equals("NT") || prefix.equals("ZZ"));
  }

  /**
   * A German tax identification number (Steuerliche Identifikationsnummer, 11 digits): no leading zero; among the
   * first ten digits exactly one digit occurs two or three times (the others at most once); ISO 7064 MOD 11,10 check
   * digit.
   */
  static boolean steuerId(String digits) {
    if (digits.length() != 11 || digits.charAt(0) == '0') {
      return false;
    }
    int[] counts = new int[10];
    for (int i = 0; i < 10; i++) {
      counts[digits.charAt(i) - '0']++;
    }
    int repeated = 0;
    for (int c : counts) {
      if (c > 3) {
        return false;
      }
      if (c >= 2) {
        repeated++;
      }
    }
    if (repeated != 1) {
      return false;
    }
    int product = 10;
    for (int i = 0; i < 10; i++) {
      int sum = (digits.charAt(i) - '0' + product) % 10;
      if (sum == 0) {
        sum = 10;
      }
      product = (sum * 2) % 11;
    }
    int check = 11 - product;
    if (check == 10) {
      check = 0;
    }
    return check == digits.charAt(10) - '0';
  }

  /**
   * A French social security number (NIR / INSEE, 13 characters and a 2-digit key, spaces removed): sex 1 or 2,
   * month 01–12 or 20–42 or 50–99 (INSEE's special codes), Corsica's 2A/2B, key = 97 − (number mod 97).
   */
  static boolean insee(String s) {
    if (s.length() != 15) {
      return false;
    }
    char sex = s.charAt(0);
    if (sex != '1' && sex != '2') {
      return false;
    }
    String body = s.substring(0, 13).replace("2A", "19").replace("2B", "18");
    for (int i = 0; i < body.length(); i++) {
      if (!Character.isDigit(body.charAt(i))) {
        return false;
      }
    }
    int month = Integer.parseInt(s.substring(3, 5));
    if (month == 0 || (month > 12 && month < 20) || (month > 42 && month < 50)) {
      return false;
    }
    long number = Long.parseLong(body);
    int key = Integer.parseInt(s.substring(13));
    return key == 97 - (int) (number % 97);
  }

  private static final int[][] VERHOEFF_D = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
      {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
      {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  private static final int[][] VERHOEFF_P = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
      {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

  /** The Verhoeff check over a digit string (its last digit the check digit). */
  static boolean verhoeff(String digits) {
    int c = 0;
    int n = digits.length();
    for (int i = 0; i < n; i++) {
      c = VERHOEFF_D[c][VERHOEFF_P[i % 8][digits.charAt(n - 1 - i) - '0']];
    }
    return c == 0;
  }

  /** An Indian Aadhaar number: 12 digits, first 2–9, not a palindrome-free repeat, Verhoeff check digit. */
  static boolean aadhaar(String digits) {
    return digits.length() == 12 && digits.charAt(0) >= '2' && verhoeff(digits)
        && digits.chars().distinct().count() > 2;
  }

  /** An IPv4 address in dotted-quad form: four parts 0–255 without leading zeros. */
  static boolean ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * An IPv6 address (RFC 4291 text forms, optionally with an embedded IPv4 tail): at most one {@code ::}, 8 groups
   * of 1–4 hex digits (fewer with {@code ::}); must contain a hex letter or {@code ::} so times ({@code 12:30:45})
   * and ratios never match.
   */
  static boolean ipv6(String s) {
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    String tail = null;
    int lastColon = s.lastIndexOf(':');
    if (s.indexOf('.', lastColon) > 0) {
      tail = s.substring(lastColon + 1);
      if (!ipv4(tail)) {
        return false;
      }
      s = s.substring(0, lastColon + 1) + "0:0";
    }
    String[] groups = s.split(":", -1);
    int count = 0;
    boolean letter = false;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        continue;
      }
      if (g.length() > 4) {
        return false;
      }
      for (int j = 0; j < g.length(); j++) {
        char c = g.charAt(j);
        if (Character.digit(c, 16) < 0) {
          return false;
        }
        letter |= !Character.isDigit(c);
      }
      count++;
    }
    if (dbl < 0) {
      if (count != 8 || groups.length != 8) {
        return false;
      }
    } else if (count > 7) {
      return false;
    }
    if (dbl < 0 && (s.startsWith(":") || s.endsWith(":"))) {
      return false;
    }
    return letter || dbl >= 0 || tail != null;
  }

  /** Shannon entropy of {@code s} in bits per character. */
  static double entropy(CharSequence s) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    double n = s.length();
    for (int c : counts) {
      if (c > 0) {
        double p = c / n;
        h -= p * (Math.log(p) / Math.log(2));
      }
    }
    if (other > 0) {
      double p = other / n;
      h -= p * (Math.log(p) / Math.log(2));
    }
    return h;
  }
}
