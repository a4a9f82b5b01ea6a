package io.parley.core.privacy;

import io.parley.core.compute.TenantRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a tenant's own pattern before it is used on every message: a name that makes a good
 * placeholder, and a regular expression RE2 runs ({@link TenantRegex}: linear in the text, so no
 * pattern can hold a turn), short, that matches something but never the empty string. Every problem
 * is listed at once.
 */
public final class TenantPatterns {
  public static final int MAX_REGEX = 200;
  public static final int MAX_PATTERNS = 20;

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{1,19}");

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
    if (regex.length() > MAX_REGEX) {
      problems.add(field + ".regex: at most " + MAX_REGEX + " characters");
      return problems;
    }
    try {
      if (TenantRegex.compile(regex).find("")) problems.add(field + ".regex: matches the empty string");
    } catch (TenantRegex.Refused refused) {
      problems.add(field + ".regex: " + refused.getMessage());
    }
    return problems;
  }

  /**
   * The pattern of a saved configuration; one saved before patterns were RE2 that RE2 does not run
   * never matches (logged), so a session that pinned it still starts and recovers.
   */
  public static TenantPattern of(String name, String regex) {
    return new TenantPattern(name, TenantRegex.saved(regex, "the redaction pattern " + name));
  }
}
