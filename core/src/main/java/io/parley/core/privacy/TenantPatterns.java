package io.parley.core.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Checks a tenant's own pattern before it is used on every message: a name that makes a good
 * placeholder, a regular expression that compiles, is short, matches something but never the
 * empty string, and cannot backtrack for minutes. Every problem is listed at once.
 */
public final class TenantPatterns {
  public static final int MAX_REGEX = 200;
  public static final int MAX_PATTERNS = 20;
  /** What a pattern may read of one text, as a multiple of the text's length (plus a floor). */
  static final long READS_PER_CHAR = 200;
  static final long MIN_READS = 20_000;

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{1,19}");
  // A group that ends with a quantifier and is itself quantified: (a+)+, (\w*)*, (x{2,})+, (\s?)* ...
  private static final Pattern NESTED_QUANTIFIER = Pattern.compile("[+*}?]\\)[+*{]");
  private static final Pattern BACK_REFERENCE = Pattern.compile("\\\\(?:[1-9]|k<)");
  // Inputs that make ambiguous patterns backtrack: long runs of one class, then a spoiler.
  private static final List<String> PROBES = Stream.of("a", "1", " ", "A1", "a-", "_", "a.")
      .map(unit -> unit.repeat(40 / unit.length()) + "!").toList();

  private TenantPatterns() {}

  /** The problems with {@code name} and {@code regex} (prefixed with {@code field}); none when usable. */
  public static List<String> problems(String field, String name, String regex) {
    List<String> problems = new ArrayList<>();
    if (!NAME.matcher(name).matches()) {
      problems.add(field + ".name: 2 to 20 capital letters, digits or _, starting with a letter");
    }
    for (PersonalDataKind kind : PersonalDataKind.values()) {
      if (kind.name().equals(name)) problems.add(field + ".name: " + name + " is a built-in kind");
    }
    if (regex.length() > MAX_REGEX) problems.add(field + ".regex: at most " + MAX_REGEX + " characters");
    Pattern compiled;
    try {
      compiled = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(field + ".regex: does not compile: " + e.getDescription() + " near index " + e.getIndex());
      return problems;
    }
    if (compiled.matcher("").matches()) problems.add(field + ".regex: matches the empty string");
    if (NESTED_QUANTIFIER.matcher(regex).find()) {
      problems.add(field + ".regex: a quantified group ends with a quantifier, like (a+)+: it can backtrack for minutes");
    } else if (BACK_REFERENCE.matcher(regex).find()) {
      problems.add(field + ".regex: back-references are not allowed");
    } else if (PROBES.stream().anyMatch(probe -> exhausts(compiled, probe))) {
      problems.add(field + ".regex: backtracks too much on a long input (catastrophic pattern)");
    }
    return problems;
  }

  /** The pattern, once {@link #problems} found none. */
  public static TenantPattern of(String name, String regex) {
    return new TenantPattern(name, Pattern.compile(regex));
  }

  static long allowance(CharSequence text) {
    return Math.max(MIN_READS, text.length() * READS_PER_CHAR);
  }

  private static boolean exhausts(Pattern pattern, String probe) {
    try {
      Matcher matcher = pattern.matcher(new BoundedText(probe, allowance(probe)));
      while (matcher.find()) {
        // reads every match, as redaction does
      }
      return false;
    } catch (BoundedText.Exhausted e) {
      return true;
    }
  }
}
