package io.parley.core.privacy;

import io.parley.core.compute.TenantRegex;
import io.parley.core.session.KeypadEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in text: email addresses, phone numbers, payment card numbers (13 to 19
 * digits that pass the Luhn check), IBANs (whose mod-97 check passes), US Social Security numbers
 * (written 123-45-6789, outside the areas never issued) and UK National Insurance numbers (with a
 * prefix that is allocated), a caller's keys ({@link KeypadEntry}, whatever the policy: they are
 * PINs and account numbers), and a tenant's own patterns. Checksums and structure keep order
 * numbers and ticket ids out: a random 16-digit order number passes Luhn one time in ten, an
 * IBAN-shaped id one time in 97. Pure and thread-safe.
 */
public final class PersonalData {
  /**
   * One occurrence: {@code value} as written, at [{@code start}, {@code end}); {@code kind} is a
   * {@link PersonalDataKind}'s name or a tenant pattern's.
   */
  public record Found(String kind, String value, int start, int end) {}

  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  // A card number stands alone: not inside a word or a hex id (fdee4111…e13), not joined by a
  // hyphen to more digits, and not the decimals of a number (4.1234567890123452).
  static final Pattern CARD = Pattern.compile("(?<![\\w-]|\\d\\.)\\d(?:[ -]?\\d){12,18}(?![\\w-]|\\.\\d)");
  private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b");
  // A leading + or a group of digits, then at least seven more in groups; ids without separators
  // (order 104215) are not phones: a phone has a +, brackets, or separators between its groups.
  // Not joined by a hyphen to more: the digit groups inside a UUID are not a phone.
  static final Pattern PHONE = Pattern.compile(
      "(?<![\\w+-])(?:\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){1,4}"
          + "|\\(\\d{2,4}\\)[ .-]?\\d{3,4}[ .-]?\\d{3,4}"
          + "|\\d{3,4}[ .-]\\d{3,4}[ .-]\\d{3,4})(?![\\w-])");

  // Area 000, 666 and 900-999, group 00 and serial 0000 are never issued. Only the written form
  // with separators: nine bare digits are as likely an order number.
  static final Pattern SSN = Pattern.compile("(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}([- ])(?!00)\\d{2}\\1(?!0000)\\d{4}(?![\\d-])");
  // Two prefix letters (D, F, I, Q, U, V never; O never second), six digits, a suffix A to D.
  static final Pattern NINO = Pattern.compile(
      "(?i)\\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b");
  private static final Set<String> NINO_UNALLOCATED = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

  /** The fewest digits each pattern made of digits holds. */
  private static final int CARD_DIGITS = 13;
  private static final int SSN_DIGITS = 9;
  private static final int NINO_DIGITS = 6;
  private static final int PHONE_DIGITS = 7;

  private PersonalData() {}

  /** Every built-in kind in {@code text}: {@link #find(String, RedactionPolicy)} with the standard policy. */
  public static List<Found> find(String text) {
    return find(text, RedactionPolicy.standard());
  }

  /**
   * Every occurrence of the policy's kinds, in text order, never overlapping: the tenant's own
   * patterns first (they are the most specific), then cards and IBANs over phone-shaped digits.
   */
  public static List<Found> find(String text, RedactionPolicy policy) {
    return find(text, policy, PatternDeadline.none());
  }

  /**
   * As {@link #find(String, RedactionPolicy)}, the tenant's patterns running only until
   * {@code deadline}: a pattern reached after it is skipped and told to the deadline's listener,
   * and the built-in kinds are still found.
   */
  public static List<Found> find(String text, RedactionPolicy policy, PatternDeadline deadline) {
    List<Found> found = new ArrayList<>();
    for (TenantPattern pattern : policy.patterns()) {
      if (deadline.passed()) {
        deadline.skipped().accept(pattern);
        continue;
      }
      for (TenantRegex.Span span : pattern.regex().spans(text)) {
        keep(found, pattern.name(), text.substring(span.start(), span.end()), span.start(), span.end());
      }
    }
    if (text.startsWith("⌨ ")) collect(KeypadEntry.PRIVATE_KEYS.matcher(text), "KEYPAD", found, value -> true);
    Set<PersonalDataKind> kinds = policy.kinds();
    // Every prompt's text passes here each turn: a pattern the text's shape rules out is not run, and
    // one made of digits runs only around the runs of digits it could match.
    Shape shape = Shape.of(text);
    if (shape.at() && kinds.contains(PersonalDataKind.EMAIL)) collect(EMAIL.matcher(text), "EMAIL", found, value -> true);
    if (shape.ibanStart() && kinds.contains(PersonalDataKind.IBAN)) {
      collect(IBAN.matcher(text), "IBAN", found, PersonalData::ibanChecks);
    }
    if (kinds.contains(PersonalDataKind.CARD)) {
      collectAround(CARD, text, shape.close(), CARD_DIGITS, 0, 0, "CARD", found, PersonalData::luhnChecks);
    }
    if (kinds.contains(PersonalDataKind.SSN)) collectAround(SSN, text, shape.close(), SSN_DIGITS, 0, 0, "SSN", found, value -> true);
    if (kinds.contains(PersonalDataKind.NINO)) {
      // Two letters and a space before the digits, a space and a letter after them.
      collectAround(NINO, text, shape.close(), NINO_DIGITS, 3, 2, "NINO", found, PersonalData::ninoAllocated);
    }
    if (kinds.contains(PersonalDataKind.PHONE)) {
      // A + or an opening bracket before the first digit; a phone ends with a digit.
      collectAround(PHONE, text, shape.loose(), PHONE_DIGITS, 1, 0, "PHONE", found, PersonalData::phoneLongEnough);
    }
    found.sort(Comparator.comparingInt(Found::start));
    return found;
  }

  /**
   * {@code text} with each built-in kind of personal data replaced by its kind, {@code [EMAIL]}:
   * for logs, where nothing needs the value back and no numbering is kept.
   */
  public static String masked(String text) {
    List<Found> found = find(text);
    if (found.isEmpty()) return text;
    StringBuilder masked = new StringBuilder(text.length());
    int at = 0;
    for (Found f : found) {
      masked.append(text, at, f.start()).append('[').append(f.kind()).append(']');
      at = f.end();
    }
    return masked.append(text, at, text.length()).toString();
  }

  /**
   * A run of digits in a text, from its first digit to just after its last, with at most one other
   * character between neighbours ({@link Shape#close()}) or two ({@link Shape#loose()}): every match
   * of a pattern made of digits lies within one, near enough.
   */
  record Chain(int start, int end, int digits) {}

  /**
   * What the built-in patterns need of a text, read in one pass: an {@code @} (e-mail), two capitals
   * right before two digits (IBAN), and the runs of digits long enough for a pattern made of them,
   * with at most one other character between neighbours (a card's 13, an SSN's 9, a NINO's 6) or at
   * most two (a phone's 7: "+44 (20) 7946 0958" has two between 4 and 2, and between 0 and 7).
   */
  record Shape(boolean at, boolean ibanStart, List<Chain> close, List<Chain> loose) {
    static Shape of(String text) {
      boolean at = false;
      boolean ibanStart = false;
      List<Chain> close = new ArrayList<>();
      List<Chain> loose = new ArrayList<>();
      int closeStart = 0;
      int closeCount = 0;
      int looseStart = 0;
      int looseCount = 0;
      int lastDigit = -1;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (isDigit(c)) {
          int between = lastDigit < 0 ? Integer.MAX_VALUE : i - lastDigit - 1;
          if (between > 1) {
            keepChain(close, closeStart, lastDigit, closeCount, NINO_DIGITS);
            closeStart = i;
            closeCount = 0;
          }
          if (between > 2) {
            keepChain(loose, looseStart, lastDigit, looseCount, PHONE_DIGITS);
            looseStart = i;
            looseCount = 0;
          }
          closeCount++;
          looseCount++;
          lastDigit = i;
          if (i >= 3 && isCapital(text.charAt(i - 3)) && isCapital(text.charAt(i - 2)) && isDigit(text.charAt(i - 1))) {
            ibanStart = true;
          }
        } else {
          at |= c == '@';
        }
      }
      keepChain(close, closeStart, lastDigit, closeCount, NINO_DIGITS);
      keepChain(loose, looseStart, lastDigit, looseCount, PHONE_DIGITS);
      return new Shape(at, ibanStart, close, loose);
    }

    /** Adds the chain that ended at {@code last} to {@code chains} when it has {@code least} digits or more. */
    private static void keepChain(List<Chain> chains, int start, int last, int digits, int least) {
      if (digits >= least) chains.add(new Chain(start, last + 1, digits));
    }

    private static boolean isCapital(char c) {
      return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }

  private interface Check {
    boolean passes(String value);
  }

  /**
   * {@code pattern}'s matches in {@code text} around the chains of {@code least} digits or more, each
   * widened by {@code before} and {@code after} characters: the matches a search of the whole text
   * finds, since each lies within one such chain widened so, and the chains with fewer digits hold
   * none that passes. Its lookarounds and word boundaries still read the text beyond.
   */
  private static void collectAround(Pattern pattern, String text, List<Chain> chains, int least, int before, int after,
      String kind, List<Found> found, Check check) {
    Matcher matcher = null;
    int from = -1;
    int to = -1;
    for (Chain chain : chains) {
      if (chain.digits() < least) continue;
      int start = Math.max(0, chain.start() - before);
      int end = Math.min(text.length(), chain.end() + after);
      if (from >= 0 && start <= to) {
        to = Math.max(to, end);
        continue;
      }
      if (from >= 0) collect(matcher.region(from, to), kind, found, check);
      if (matcher == null) matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      from = start;
      to = end;
    }
    if (from >= 0) collect(matcher.region(from, to), kind, found, check);
  }

  private static void collect(Matcher matcher, String kind, List<Found> found, Check check) {
    while (matcher.find()) {
      if (check.passes(matcher.group())) keep(found, kind, matcher.group(), matcher.start(), matcher.end());
    }
  }

  /** Keeps an occurrence unless one found before overlaps it. */
  private static void keep(List<Found> found, String kind, String value, int start, int end) {
    if (found.stream().noneMatch(f -> start < f.end() && f.start() < end)) found.add(new Found(kind, value, start, end));
  }

  /** A NINO's prefix is one that is allocated. */
  static boolean ninoAllocated(String value) {
    return !NINO_UNALLOCATED.contains(value.substring(0, 2).toUpperCase(Locale.ROOT));
  }

  /** A phone has seven digits or more. */
  static boolean phoneLongEnough(String value) {
    return digits(value).length() >= PHONE_DIGITS;
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
