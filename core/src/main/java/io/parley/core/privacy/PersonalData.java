package io.parley.core.privacy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in text: email addresses, phone numbers, payment card numbers (13 to 19
 * digits that pass the Luhn check) and IBANs (whose mod-97 check passes). Checksums keep order
 * numbers and ticket ids out: a random 16-digit order number passes Luhn one time in ten, an
 * IBAN-shaped id one time in 97. Pure and thread-safe.
 */
public final class PersonalData {
  /** One occurrence: {@code value} as written, at [{@code start}, {@code end}). */
  public record Found(PersonalDataKind kind, String value, int start, int end) {}

  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
  private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b");
  // A leading + or a group of digits, then at least seven more in groups; ids without separators
  // (order 104215) are not phones: a phone has a +, brackets, or separators between its groups.
  private static final Pattern PHONE = Pattern.compile(
      "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){1,4}"
          + "|\\(\\d{2,4}\\)[ .-]?\\d{3,4}[ .-]?\\d{3,4}"
          + "|\\d{3,4}[ .-]\\d{3,4}[ .-]\\d{3,4})(?!\\w)");

  private PersonalData() {}

  /** Every occurrence, in text order, never overlapping: cards and IBANs win over phone-shaped digits. */
  public static List<Found> find(String text) {
    List<Found> found = new ArrayList<>();
    collect(EMAIL.matcher(text), PersonalDataKind.EMAIL, found, value -> true);
    collect(IBAN.matcher(text), PersonalDataKind.IBAN, found, PersonalData::ibanChecks);
    collect(CARD.matcher(text), PersonalDataKind.CARD, found, PersonalData::luhnChecks);
    collect(PHONE.matcher(text), PersonalDataKind.PHONE, found, value -> digits(value).length() >= 7);
    found.sort(Comparator.comparingInt(Found::start));
    return found;
  }

  private interface Check {
    boolean passes(String value);
  }

  private static void collect(Matcher matcher, PersonalDataKind kind, List<Found> found, Check check) {
    while (matcher.find()) {
      int start = matcher.start();
      int end = matcher.end();
      boolean overlaps = found.stream().anyMatch(f -> start < f.end() && f.start() < end);
      if (!overlaps && check.passes(matcher.group())) found.add(new Found(kind, matcher.group(), start, end));
    }
  }

  static boolean luhnChecks(String value) {
    String digits = digits(value);
    if (digits.length() < 13 || digits.length() > 19) return false;
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return sum % 10 == 0;
  }

  static boolean ibanChecks(String value) {
    String iban = value.replace(" ", "").toUpperCase(Locale.ROOT);
    if (iban.length() < 15 || iban.length() > 34) return false;
    StringBuilder numeric = new StringBuilder();
    for (char c : (iban.substring(4) + iban.substring(0, 4)).toCharArray()) {
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  private static String digits(String value) {
    return value.replaceAll("\\D", "");
  }
}
