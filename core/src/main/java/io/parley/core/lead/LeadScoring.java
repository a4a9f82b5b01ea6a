package io.parley.core.lead;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.Words;
import io.parley.core.privacy.PersonalData;
import io.parley.core.privacy.PersonalDataKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scores a conversation as a sales lead after each customer message, from the words of the
 * conversation's language pack ({@code lead.purchase}, {@code lead.budget}, {@code lead.timeline},
 * {@code sentiment.positive}, {@code sentiment.negative}), like {@code HumanRequest}: free, the same
 * on every node, and explainable signal by signal. A
 * signal met once counts for the rest of the conversation; engagement grows with the messages up
 * to {@value #ENGAGED_MESSAGES}; sentiment is the balance of positive and negative words, up to
 * {@value #SENTIMENT_SPAN} either way.
 */
public final class LeadScoring {
  static final int ENGAGED_MESSAGES = 5;
  static final int SENTIMENT_SPAN = 3;

  /** An amount with a currency, in any language: "$500", "2k usd", "300 euros". */
  private static final Pattern AMOUNT = Pattern.compile("(?i)[$€£]\\s?\\d"
      + "|\\b\\d[\\d,.]*\\s?(?:k|usd|eur|gbp|dollars|euros|pounds)\\b");

  private LeadScoring() {}

  /**
   * The score after {@code customerText}, the customer message {@code seq} and the conversation's
   * {@code customerMessages}th, given the score before it.
   */
  public static LeadScore next(Optional<LeadScore> previous, String customerText, int customerMessages, long seq,
      Instant at, LeadSettings settings) {
    return next(previous, customerText, customerMessages, seq, at, settings, LanguagePack.english());
  }

  /** The same, reading {@code customerText} with the words of {@code pack}. */
  public static LeadScore next(Optional<LeadScore> previous, String customerText, int customerMessages, long seq,
      Instant at, LeadSettings settings, LanguagePack pack) {
    LeadEvidence before = previous.map(LeadScore::evidence).orElse(LeadEvidence.none());
    LeadEvidence evidence = observe(before, customerText, pack);
    List<LeadContribution> contributions = contributions(evidence, customerMessages, settings.weights());
    int score = Math.max(0, Math.min(LeadWeights.MAX_POINTS, contributions.stream().mapToInt(LeadContribution::points).sum()));
    boolean qualified = previous.map(LeadScore::qualified).orElse(false) || score >= settings.threshold();
    return new LeadScore(score, contributions, evidence, seq, at, qualified);
  }

  /** Whether {@code next} is the score that first reached the threshold. */
  public static boolean newlyQualified(Optional<LeadScore> previous, LeadScore next) {
    return next.qualified() && !previous.map(LeadScore::qualified).orElse(false);
  }

  /** Whether a score differs from the one before in what it says (its time and seq aside): only then is it stored. */
  public static boolean changed(Optional<LeadScore> previous, LeadScore next) {
    return previous.map(p -> p.score() != next.score() || !p.contributions().equals(next.contributions())
        || !p.evidence().equals(next.evidence())).orElse(true);
  }

  static LeadEvidence observe(LeadEvidence before, String text, LanguagePack pack) {
    Set<LeadSignal> seen = before.seen().isEmpty() ? EnumSet.noneOf(LeadSignal.class) : EnumSet.copyOf(before.seen());
    List<String> words = Words.words(text);
    if (pack.phrases("lead.purchase").occursIn(words)) seen.add(LeadSignal.PURCHASE_INTENT);
    if (pack.phrases("lead.budget").occursIn(words) || AMOUNT.matcher(text).find()) seen.add(LeadSignal.BUDGET);
    if (pack.phrases("lead.timeline").occursIn(words)) seen.add(LeadSignal.TIMELINE);
    if (PersonalData.find(text).stream().anyMatch(f -> f.kind().equals(PersonalDataKind.EMAIL.name())
        || f.kind().equals(PersonalDataKind.PHONE.name()))) {
      seen.add(LeadSignal.CONTACT_DETAILS);
    }
    return new LeadEvidence(List.copyOf(seen), before.positiveWords() + pack.phrases("sentiment.positive").count(words),
        before.negativeWords() + pack.phrases("sentiment.negative").count(words));
  }

  private static List<LeadContribution> contributions(LeadEvidence evidence, int messages, LeadWeights weights) {
    List<LeadContribution> contributions = new ArrayList<>();
    met(evidence, weights, LeadSignal.PURCHASE_INTENT, "asked about buying, prices, plans or a demo", contributions);
    met(evidence, weights, LeadSignal.BUDGET, "mentioned a budget or an amount", contributions);
    met(evidence, weights, LeadSignal.TIMELINE, "mentioned when they need it", contributions);
    met(evidence, weights, LeadSignal.CONTACT_DETAILS, "gave an email address or a phone number", contributions);
    int engaged = Math.min(messages, ENGAGED_MESSAGES);
    contributions.add(new LeadContribution(LeadSignal.ENGAGEMENT,
        Math.round((float) weights.of(LeadSignal.ENGAGEMENT) * engaged / ENGAGED_MESSAGES),
        messages >= ENGAGED_MESSAGES ? ENGAGED_MESSAGES + " messages or more"
            : messages + (messages == 1 ? " message" : " messages")));
    int balance = Math.max(-SENTIMENT_SPAN, Math.min(SENTIMENT_SPAN, evidence.sentimentBalance()));
    if (balance != 0) {
      contributions.add(new LeadContribution(LeadSignal.SENTIMENT,
          Math.round((float) weights.of(LeadSignal.SENTIMENT) * balance / SENTIMENT_SPAN),
          balance > 0 ? "more positive words than negative" : "more negative words than positive"));
    }
    return contributions;
  }

  private static void met(LeadEvidence evidence, LeadWeights weights, LeadSignal signal, String reason,
      List<LeadContribution> into) {
    if (evidence.seen().contains(signal)) into.add(new LeadContribution(signal, weights.of(signal), reason));
  }
}
