package io.parley.persistence.conversations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A page of a tenant's conversations: those started in {@code [from, to)} that match every filter
 * given, in {@code order} of their start (the session id breaking ties), after {@code after} (the
 * position the previous page ended at), at most {@code limit}. {@code terms}: for each word searched
 * for, its blind terms ({@code BlindIndex}: the word's and its stems'), one of which the conversation
 * must hold; none when nothing is searched for. Only counted conversations ({@link ConversationRow#counted}'s rule
 * for the customer's message): with {@code tests}, the test conversations instead of the customers'.
 * {@code score}: only the conversations the judge scored within the range; order {@link Order#SCORE}
 * lists only scored conversations, the worst first (the newest first among equal scores).
 * {@code statuses}: the conversation stands in one of them; none, any.
 */
public record ConversationQuery(String tenant, Optional<Instant> from, Optional<Instant> to, Optional<String> channel,
    List<ConversationStatus> statuses, Optional<ResolvedBy> resolvedBy, Optional<Handoff> handoff,
    Optional<Integer> rating, Optional<Integer> leadMin, Optional<Integer> leadMax, Optional<String> tag,
    Optional<String> userId, Optional<String> language, boolean tests, List<List<Long>> terms, Order order,
    Optional<Position> after, int limit, Optional<ScoreRange> score) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;
  /** The {@code language} filter's value for conversations whose language nobody said. */
  public static final String UNKNOWN_LANGUAGE = "unknown";

  /** Which conversations a {@code handoff} filter keeps: none asked for, asked for (taken or not), taken. */
  public enum Handoff { NONE, ASKED, TAKEN }

  public enum Order { NEWEST, OLDEST, SCORE }

  /** Scores from {@code min} to {@code max}, both included. */
  public record ScoreRange(int min, int max) {
    public ScoreRange {
      if (min < ConversationScore.WORST || max > ConversationScore.BEST || min > max) {
        throw new IllegalArgumentException("score must be a score from " + ConversationScore.WORST + " to "
            + ConversationScore.BEST + ", or a range of them like 1-2");
      }
    }
  }

  /** Where a page ended: its last conversation's start and id, and its score when the order is by score (else 0). */
  public record Position(Instant startedAt, String sessionId, int score) {
    public Position(Instant startedAt, String sessionId) {
      this(startedAt, sessionId, 0);
    }
  }

  /** Every filter but the score's. */
  public ConversationQuery(String tenant, Optional<Instant> from, Optional<Instant> to, Optional<String> channel,
      List<ConversationStatus> statuses, Optional<ResolvedBy> resolvedBy, Optional<Handoff> handoff,
      Optional<Integer> rating, Optional<Integer> leadMin, Optional<Integer> leadMax, Optional<String> tag,
      Optional<String> userId, Optional<String> language, boolean tests, List<List<Long>> terms, Order order,
      Optional<Position> after, int limit) {
    this(tenant, from, to, channel, statuses, resolvedBy, handoff, rating, leadMin, leadMax, tag, userId, language, tests,
        terms, order, after, limit, Optional.empty());
  }

  public ConversationQuery {
    terms = terms.stream().map(List::copyOf).toList();
    // In their order, once each: the query's text signs its cursors.
    statuses = statuses.stream().distinct().sorted().toList();
    if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw new IllegalArgumentException("from must be before to");
    }
    if (leadMin.isPresent() && leadMax.isPresent() && leadMin.get() > leadMax.get()) {
      throw new IllegalArgumentException("leadMin must not be above leadMax");
    }
  }

  /** Every customer's conversation started in {@code [from, to)}, of {@code channel} if given, oldest first. */
  public static ConversationQuery range(String tenant, Optional<Instant> from, Optional<Instant> to,
      Optional<String> channel) {
    return new ConversationQuery(tenant, from, to, channel, List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        false, List.of(), Order.OLDEST, Optional.empty(), MAX_LIMIT);
  }

  /** The same query from {@code position} on. */
  public ConversationQuery after(Position position) {
    return new ConversationQuery(tenant, from, to, channel, statuses, resolvedBy, handoff, rating, leadMin, leadMax, tag,
        userId, language, tests, terms, order, Optional.of(position), limit, score);
  }
}
