package io.parley.core.compute;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A regular expression a tenant or a customer wrote (an evaluation case's pattern, a redaction
 * pattern, a tool schema's {@code pattern}), run by RE2/J: in time linear in the text whatever the
 * pattern, where java.util.regex backtracks ({@code ((a+)+)+c} on forty a's never ends) and would
 * hold its thread for good. RE2 has no back-references, lookaround, possessive quantifiers or
 * atomic groups; such a pattern is refused. As the time per character grows with the compiled
 * program, counted repetitions may nest to at most {@value #MAX_COPIES} copies ({@code (a{10}){100}})
 * and the program may hold at most {@value #MAX_PROGRAM} instructions. The node's own fixed patterns
 * stay on java.util.regex. Immutable and thread-safe; equal when written the same.
 */
public final class TenantRegex {
  /** Said with every refusal, so an admin knows which syntax to write. */
  public static final String SYNTAX = "patterns are RE2 syntax, matched in linear time: no back-references or lookaround";
  static final int MAX_COPIES = 1_000;
  static final int MAX_PROGRAM = 3_000;

  private static final Logger LOG = LoggerFactory.getLogger(TenantRegex.class);
  private static final int MAX_REPORTED = 1_000;
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private final String source;
  private final Optional<Pattern> compiled;
  private final Optional<String> refusal;

  /** Why a pattern is not one this node runs, in words for the admin who wrote it. */
  public static final class Refused extends IllegalArgumentException {
    Refused(String reason) {
      super(reason + " (" + SYNTAX + ")");
    }
  }

  /** Where a pattern matched: [{@code start}, {@code end}) of the text. */
  public record Span(int start, int end) {}

  private TenantRegex(String source, Optional<Pattern> compiled, Optional<String> refusal) {
    this.source = source;
    this.compiled = compiled;
    this.refusal = refusal;
  }

  /** For a pattern being saved: compiled, or refused saying why. */
  public static TenantRegex compile(String regex) {
    if (copies(regex) > MAX_COPIES) {
      throw new Refused("its counted repetitions nest to more than " + MAX_COPIES + " copies of one part");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      String message = e.getMessage();
      throw new Refused(message.startsWith("error parsing regexp: ") ? message.substring(22) : message);
    }
    if (pattern.programSize() > MAX_PROGRAM) {
      throw new Refused("it is too large once compiled (" + pattern.programSize() + " instructions, at most " + MAX_PROGRAM
          + "): use fewer or smaller counted repetitions");
    }
    return new TenantRegex(regex, Optional.of(pattern), Optional.empty());
  }

  /**
   * For a pattern saved earlier, when the node checked less (a configuration or case kept from
   * before patterns were RE2): compiled when it can be, else one that never matches and says
   * why ({@link #refusal}), logged once per node and pattern. {@code what} names it in the log.
   */
  public static TenantRegex saved(String regex, String what) {
    try {
      return compile(regex);
    } catch (Refused refused) {
      if (REPORTED.size() < MAX_REPORTED && REPORTED.add(regex)) {
        LOG.warn("{} /{}/ was saved before patterns were checked as RE2 and never matches: {}", what, regex,
            refused.getMessage());
      }
      return new TenantRegex(regex, Optional.empty(), Optional.of(refused.getMessage()));
    }
  }

  /** The pattern as written. */
  public String source() {
    return source;
  }

  /** Why this saved pattern never matches; empty when it is used. */
  public Optional<String> refusal() {
    return refusal;
  }

  /** Whether the pattern matches anywhere in {@code text}. */
  public boolean find(CharSequence text) {
    return compiled.map(pattern -> pattern.matcher(text).find()).orElse(false);
  }

  /** Every match in {@code text}, left to right, none overlapping. */
  public List<Span> spans(CharSequence text) {
    List<Span> spans = new ArrayList<>();
    if (compiled.isEmpty()) return spans;
    Matcher matcher = compiled.get().matcher(text);
    while (matcher.find()) spans.add(new Span(matcher.start(), matcher.end()));
    return spans;
  }

  /**
   * The most copies counted repetitions make of any one part of {@code regex}: {@code (a{10}){20}}
   * makes 200 of {@code a}. RE2/J writes each copy out when it compiles, so this is checked first.
   */
  static long copies(String regex) {
    Deque<Long> enclosing = new ArrayDeque<>();
    long most = 1;
    long last = 1;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i = afterEscape(regex, i);
        last = 1;
      } else if (c == '[') {
        i = afterClass(regex, i);
        last = 1;
      } else if (c == '(') {
        enclosing.push(most);
        most = 1;
        last = 1;
      } else if (c == ')' && !enclosing.isEmpty()) {
        last = most;
        most = Math.max(enclosing.pop(), most);
      } else if (c == '{' && repeatEnd(regex, i) > i) {
        last = Math.min(Long.MAX_VALUE / 2, last * repeatCount(regex, i));
        most = Math.max(most, last);
        i = repeatEnd(regex, i);
      } else {
        last = 1;
      }
    }
    return most;
  }

  /** The index of the {@code }} that closes a repetition {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at}; else -1. */
  private static int repeatEnd(String regex, int at) {
    int i = at + 1;
    int digits = 0;
    while (i < regex.length() && Character.isDigit(regex.charAt(i))) {
      i++;
      digits++;
    }
    if (digits == 0) return -1;
    if (i < regex.length() && regex.charAt(i) == ',') {
      i++;
      while (i < regex.length() && Character.isDigit(regex.charAt(i))) i++;
    }
    return i < regex.length() && regex.charAt(i) == '}' ? i : -1;
  }

  /** The copies a repetition at {@code at} writes: its larger bound, one more when it has none ({@code x{n,}} is n copies and a star). */
  private static long repeatCount(String regex, int at) {
    String[] bounds = regex.substring(at + 1, repeatEnd(regex, at)).split(",", -1);
    long low = number(bounds[0]);
    if (bounds.length == 1) return Math.max(1, low);
    return bounds[1].isEmpty() ? low + 1 : Math.max(1, Math.max(low, number(bounds[1])));
  }

  private static long number(String digits) {
    return digits.length() > 9 ? Long.MAX_VALUE / 4 : Long.parseLong(digits);
  }

  /** The last index of the escape at {@code at}: {@code \Q...\E}, {@code \p{...}} and {@code \x{...}} whole. */
  private static int afterEscape(String regex, int at) {
    int next = at + 1;
    if (next >= regex.length()) return at;
    char kind = regex.charAt(next);
    if (kind == 'Q') {
      int end = regex.indexOf("\\E", next + 1);
      return end < 0 ? regex.length() - 1 : end + 1;
    }
    if ((kind == 'p' || kind == 'P' || kind == 'x') && next + 1 < regex.length() && regex.charAt(next + 1) == '{') {
      int end = regex.indexOf('}', next + 2);
      return end < 0 ? regex.length() - 1 : end;
    }
    return next;
  }

  /** The index of the {@code ]} that closes the class at {@code at}. */
  private static int afterClass(String regex, int at) {
    int i = at + 1;
    if (i < regex.length() && regex.charAt(i) == '^') i++;
    if (i < regex.length() && regex.charAt(i) == ']') i++;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == ':') {
        int end = regex.indexOf(":]", i + 2);
        i = end < 0 ? i + 1 : end + 2;
      } else if (c == ']') {
        return i;
      } else {
        i++;
      }
    }
    return regex.length() - 1;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TenantRegex that && source.equals(that.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return "/" + source + "/";
  }
}
