package io.parley.core.handoff;

import io.parley.core.lead.LeadEvidence;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tenant's rules for bringing a person in without being asked (off unless its bot configuration
 * turns them on): when the customer's words turn negative ({@code negativeSentiment}), when they ask
 * the same question again after {@code sameQuestionFailures} answers that did not help (0: never),
 * and when a tool the bot called failed for good ({@code toolFailure}).
 */
public record HandoffRules(boolean negativeSentiment, int sameQuestionFailures, boolean toolFailure) {
  /** Negative words outnumbering positive ones by this many is a conversation going badly. */
  public static final int NEGATIVE_BALANCE = -2;
  /** Two questions sharing this share of their words are the same question. */
  static final double SAME_QUESTION = 0.7;
  public static final int MAX_SAME_QUESTION_FAILURES = 10;

  public static HandoffRules none() {
    return new HandoffRules(false, 0, false);
  }

  /**
   * The rule a customer message meets, if any: {@code before} and {@code after} are the lead
   * evidence around it (only the message that tips the balance meets the sentiment rule, so a
   * conversation handed back is not handed over again at once); {@code earlierQuestions} are the
   * customer's messages before it, newest last.
   */
  public Optional<HandoffTrigger> metBy(String text, LeadEvidence before, LeadEvidence after, List<String> earlierQuestions) {
    if (negativeSentiment && before.sentimentBalance() > NEGATIVE_BALANCE && after.sentimentBalance() <= NEGATIVE_BALANCE) {
      return Optional.of(HandoffTrigger.NEGATIVE_SENTIMENT);
    }
    if (sameQuestionFailures > 0 && timesAskedBefore(text, earlierQuestions, sameQuestionFailures) >= sameQuestionFailures) {
      return Optional.of(HandoffTrigger.REPEATED_QUESTION);
    }
    return Optional.empty();
  }

  /**
   * How many of the customer's last messages in a row ask what {@code text} asks, counting no further
   * than {@code enough}: a customer who sent one message a thousand times would otherwise have each
   * of their messages compared with all the others, on the session's thread.
   */
  static int timesAskedBefore(String text, List<String> earlier, int enough) {
    Set<String> asked = words(text);
    if (asked.size() < 3) return 0;
    int times = 0;
    for (int i = earlier.size() - 1; i >= 0 && times < enough && similarity(asked, words(earlier.get(i))) >= SAME_QUESTION; i--) {
      times++;
    }
    return times;
  }

  private static double similarity(Set<String> a, Set<String> b) {
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    Set<String> common = new HashSet<>(a);
    common.retainAll(b);
    return union.isEmpty() ? 0 : (double) common.size() / union.size();
  }

  private static Set<String> words(String text) {
    return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(word -> !word.isEmpty()).collect(Collectors.toSet());
  }
}
