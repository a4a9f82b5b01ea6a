package io.parley.core.evaluation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code contains} and {@code notContains} look for in the bot's answers: a text, found
 * whatever its case, or a {@code pattern} (a Java regular expression, found anywhere in an answer).
 */
record TextMatch(Optional<String> text, Optional<Pattern> pattern) {
  public static TextMatch text(String text) {
    return new TextMatch(Optional.of(text), Optional.empty());
  }

  public static TextMatch pattern(Pattern pattern) {
    return new TextMatch(Optional.empty(), Optional.of(pattern));
  }

  public boolean foundIn(String answer) {
    return text.map(t -> answer.toLowerCase(Locale.ROOT).contains(t.toLowerCase(Locale.ROOT)))
        .orElseGet(() -> pattern.orElseThrow().matcher(answer).find());
  }

  /** As the case wrote it, for verdicts: {@code "refund"} or {@code /30 days?/}. */
  public String shown() {
    return text.map(t -> "\"" + t + "\"").orElseGet(() -> "/" + pattern.orElseThrow().pattern() + "/");
  }
}
