package io.switchboard.ai.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semantic cache's verification that two prompts ask about the same things: the numbers, the named entities
 * (capitalized words other than a sentence's first, and acronyms), the negations and the units of the new prompt must
 * equal the cached prompt's (as multisets; a unit right after a number is bound to it, so "5 km in miles" is not
 * "5 miles in km"). Embeddings put "What is 15% of 80?" and "What is 15% of 90?" close together; this does not.
 */
public final class EntityGuard {

  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}'’-]*");
  /** The text between two words ends a sentence. */
  private static final Pattern SENTENCE_END = Pattern.compile(".*[.!?:;\\n]\\s*$");
  private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
      "nor", "without", "cannot", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "won't",
      "wouldn't", "can't", "couldn't", "shouldn't", "hasn't", "haven't", "hadn't", "mustn't", "isn’t", "don’t",
      "doesn’t", "can’t", "won’t", "didn’t", "aren’t");
  private static final Set<String> UNITS = Set.of("km", "kilometer", "kilometers", "kilometre", "kilometres", "mile",
      "miles", "m", "meter", "meters", "metre", "metres", "cm", "mm", "inch", "inches", "foot", "feet", "ft", "yard",
      "yards", "kg", "kilogram", "kilograms", "g", "gram", "grams", "lb", "lbs", "pound", "pounds", "ounce", "ounces",
      "oz", "ton", "tons", "tonnes", "liter", "liters", "litre", "litres", "l", "ml", "gallon", "gallons", "cup",
      "cups", "celsius", "fahrenheit", "kelvin", "°c", "°f", "c", "f", "second", "seconds", "minute", "minutes",
      "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years", "usd", "eur", "gbp",
      "jpy", "dollar", "dollars", "euro", "euros", "yen", "percent", "mph", "kph", "kmh", "mb", "gb", "tb", "kb",
      "byte", "bytes", "bit", "bits", "watt", "watts", "kw", "kwh", "volt", "volts", "acre", "acres", "hectare",
      "hectares", "calorie", "calories", "kcal");

  private EntityGuard() {
  }

  /** Whether the two prompts name the same numbers, entities, negations and units. */
  public static boolean sameEntities(String a, String b) {
    return facts(a).equals(facts(b));
  }

  /** The facts that must match, in a comparable form. */
  static List<String> facts(String text) {
    List<String> numbers = new ArrayList<>();
    Matcher n = NUMBER.matcher(text);
    while (n.find()) {
      numbers.add(n.group().replace(",", ""));
    }
    numbers.sort(null);
    List<String> entities = new ArrayList<>();
    List<String> negations = new ArrayList<>();
    List<String> units = new ArrayList<>();
    Matcher w = WORD.matcher(text);
    boolean sentenceStart = true;
    int last = 0;
    while (w.find()) {
      String between = text.substring(last, w.start());
      if (SENTENCE_END.matcher(between).matches()) {
        sentenceStart = true;
      }
      String word = w.group();
      String lower = word.toLowerCase(Locale.ROOT);
      boolean capitalized = Character.isUpperCase(word.codePointAt(0));
      boolean acronym = word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT))
          && !word.equals(lower);
      if (acronym || (capitalized && !sentenceStart && !lower.equals("i"))) {
        entities.add(lower);
      }
      if (NEGATIONS.contains(lower) || lower.endsWith("n't") || lower.endsWith("n’t")) {
        negations.add("not");
      }
      if (UNITS.contains(lower)) {
        // A unit right after a number is bound to it ("5 km"): "5 km in miles" is not "5 miles in km".
        int j = w.start() - 1;
        while (j >= 0 && text.charAt(j) == ' ') {
          j--;
        }
        int k = j;
        while (k >= 0 && (Character.isDigit(text.charAt(k)) || text.charAt(k) == '.' || text.charAt(k) == ',')) {
          k--;
        }
        units.add(k < j ? text.substring(k + 1, j + 1).replace(",", "") + lower : lower);
      }
      sentenceStart = false;
      last = w.end();
    }
    if (text.contains("%")) {
      units.add("%" + text.chars().filter(c -> c == '%').count());
    }
    entities.sort(null);
    units.sort(null);
    return List.of(String.join(" ", numbers), String.join(" ", entities), String.join(" ", negations),
        String.join(" ", units));
  }
}
