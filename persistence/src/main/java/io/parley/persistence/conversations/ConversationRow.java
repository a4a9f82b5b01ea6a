package io.parley.persistence.conversations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One conversation of the read model (docs/analytics.md): what its session's events add up to,
 * never what anyone wrote. {@code unansweredSince} is when the oldest customer message still
 * waiting for an answer arrived; {@code cachedAnswers} are answers the answer cache served, which
 * saved {@code savedTokens} (estimated at {@code savedCostUsd}); {@code tags} are the staff's.
 * {@code test}: a test conversation (one an admin had with the draft configuration), which the
 * analytics and the list of conversations leave out unless asked for. {@code score}: what the judge
 * made of it once it closed, none before; the projection never writes it, the scoring does.
 */
public record ConversationRow(
    String tenant, String sessionId, Optional<String> userId, String channel,
    Instant startedAt, Instant lastEventAt, Optional<Instant> closedAt,
    ConversationStatus status, Optional<ResolvedBy> resolvedBy,
    Optional<Instant> handoffAskedAt, Optional<Instant> handoffTakenAt, Optional<Long> handoffWaitMs,
    int userMessages, int botMessages, int agentMessages, int notices,
    Optional<Instant> unansweredSince, Optional<Long> firstResponseMs, long answerMsTotal, int answers,
    long promptTokens, long completionTokens, Optional<String> pricedProvider, double costUsd,
    Optional<Integer> leadScore, boolean leadQualified, Optional<Integer> rating, Optional<String> language,
    long voiceSeconds, int cachedAnswers, long savedTokens, double savedCostUsd, List<String> tags, boolean test,
    Optional<ConversationScore> score) {

  public ConversationRow {
    tags = List.copyOf(tags);
  }

  /**
   * Whether the row is a conversation of the figures and the list: the customer wrote or said
   * something (a page that loaded the widget, or a panel opened and closed, is none), and it is no test.
   */
  public boolean counted() {
    return userMessages > 0 && !test;
  }

  /**
   * Who met the conversation's need as the list, its filter, the export and the figures say it
   * (docs/analytics.md): {@link #resolvedBy}, except that a conversation the bot ended which the
   * judge found unresolved is {@link ResolvedBy#ABANDONED}, not the bot's.
   */
  public Optional<ResolvedBy> resolution() {
    boolean judgedUnresolved = score.flatMap(ConversationScore::resolved).equals(Optional.of(false));
    return resolvedBy.map(by -> by == ResolvedBy.BOT && judgedUnresolved ? ResolvedBy.ABANDONED : by);
  }

  /** The same row with the judge's {@code newScore}. */
  public ConversationRow withScore(Optional<ConversationScore> newScore) {
    return with(tags, newScore);
  }

  /** The same row with {@code tags}. */
  public ConversationRow withTags(List<String> newTags) {
    return with(newTags, score);
  }

  private ConversationRow with(List<String> newTags, Optional<ConversationScore> newScore) {
    return new ConversationRow(tenant, sessionId, userId, channel, startedAt, lastEventAt, closedAt, status, resolvedBy,
        handoffAskedAt, handoffTakenAt, handoffWaitMs, userMessages, botMessages, agentMessages, notices,
        unansweredSince, firstResponseMs, answerMsTotal, answers, promptTokens, completionTokens, pricedProvider,
        costUsd, leadScore, leadQualified, rating, language, voiceSeconds, cachedAnswers, savedTokens, savedCostUsd,
        newTags, test, newScore);
  }
}
