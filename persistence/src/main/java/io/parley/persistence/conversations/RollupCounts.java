package io.parley.persistence.conversations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The additive quantities of the analytics figures (docs/analytics.md): one conversation's share of
 * them, a rollup row's sum of its conversations' shares, or the difference a change of a
 * conversation makes. Every figure of {@link ConversationFigures.Summary} but the languages comes
 * from these; the languages are counted per rollup row's language. Immutable.
 */
final class RollupCounts {
  /** The whole-number quantities, each a {@code BIGINT} column of {@code conversation_rollup}. */
  enum Count {
    CONVERSATIONS, CLOSED, CONTAINED, HANDOFFS_ASKED, HANDOFFS_TAKEN, HANDOFF_WAIT_MS,
    USER_MESSAGES, BOT_MESSAGES, AGENT_MESSAGES, RATED_1, RATED_2, RATED_3, RATED_4, RATED_5,
    PROMPT_TOKENS, COMPLETION_TOKENS, VOICE_SECONDS, QUALIFIED_LEADS, CACHED_ANSWERS, SAVED_TOKENS,
    FIRST_RESPONSES;

    String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final int COUNTS = Count.values().length;
  /** The columns of {@link #counts}' values in order: the counts, then the first responses' buckets. */
  static final List<String> WHOLE_COLUMNS;
  /** The columns of {@link #costUsd} and {@link #savedCostUsd}. */
  static final List<String> COST_COLUMNS = List.of("cost_usd", "saved_cost_usd");

  static {
    List<String> columns = new ArrayList<>();
    for (Count count : Count.values()) columns.add(count.column());
    for (int bucket = 0; bucket < FirstResponseBuckets.COUNT; bucket++) columns.add(FirstResponseBuckets.column(bucket));
    WHOLE_COLUMNS = List.copyOf(columns);
  }

  public static final RollupCounts NONE = new RollupCounts(new long[COUNTS + FirstResponseBuckets.COUNT], 0, 0);

  private final long[] counts;
  private final double costUsd;
  private final double savedCostUsd;

  private RollupCounts(long[] counts, double costUsd, double savedCostUsd) {
    this.counts = counts;
    this.costUsd = costUsd;
    this.savedCostUsd = savedCostUsd;
  }

  /** The quantities in {@link #WHOLE_COLUMNS}' and {@link #COST_COLUMNS}' order, as a rollup row holds them. */
  static RollupCounts of(long[] whole, double costUsd, double savedCostUsd) {
    if (whole.length != WHOLE_COLUMNS.size()) {
      throw new IllegalArgumentException(WHOLE_COLUMNS.size() + " counts expected, got " + whole.length);
    }
    return new RollupCounts(whole.clone(), costUsd, savedCostUsd);
  }

  /** One conversation's share, as {@link ConversationFigures} counted a row. */
  public static RollupCounts of(ConversationRow row) {
    long[] counts = new long[COUNTS + FirstResponseBuckets.COUNT];
    counts[Count.CONVERSATIONS.ordinal()] = 1;
    if (row.resolution().isPresent()) {
      counts[Count.CLOSED.ordinal()] = 1;
      if (row.resolution().get() == ResolvedBy.BOT) counts[Count.CONTAINED.ordinal()] = 1;
    }
    if (row.handoffAskedAt().isPresent()) counts[Count.HANDOFFS_ASKED.ordinal()] = 1;
    if (row.handoffWaitMs().isPresent()) {
      counts[Count.HANDOFFS_TAKEN.ordinal()] = 1;
      counts[Count.HANDOFF_WAIT_MS.ordinal()] = row.handoffWaitMs().get();
    }
    counts[Count.USER_MESSAGES.ordinal()] = row.userMessages();
    counts[Count.BOT_MESSAGES.ordinal()] = row.botMessages();
    counts[Count.AGENT_MESSAGES.ordinal()] = row.agentMessages();
    row.rating().filter(r -> r >= 1 && r <= 5).ifPresent(r -> counts[Count.RATED_1.ordinal() + r - 1] = 1);
    counts[Count.PROMPT_TOKENS.ordinal()] = row.promptTokens();
    counts[Count.COMPLETION_TOKENS.ordinal()] = row.completionTokens();
    counts[Count.VOICE_SECONDS.ordinal()] = row.voiceSeconds();
    if (row.leadQualified()) counts[Count.QUALIFIED_LEADS.ordinal()] = 1;
    counts[Count.CACHED_ANSWERS.ordinal()] = row.cachedAnswers();
    counts[Count.SAVED_TOKENS.ordinal()] = row.savedTokens();
    row.firstResponseMs().ifPresent(ms -> {
      counts[Count.FIRST_RESPONSES.ordinal()] = 1;
      counts[COUNTS + FirstResponseBuckets.of(ms)] = 1;
    });
    return new RollupCounts(counts, row.costUsd(), row.savedCostUsd());
  }

  public RollupCounts plus(RollupCounts other) {
    return combined(other, 1);
  }

  public RollupCounts minus(RollupCounts other) {
    return combined(other, -1);
  }

  private RollupCounts combined(RollupCounts other, int sign) {
    long[] sum = counts.clone();
    for (int i = 0; i < sum.length; i++) sum[i] += sign * other.counts[i];
    return new RollupCounts(sum, costUsd + sign * other.costUsd, savedCostUsd + sign * other.savedCostUsd);
  }

  /** True when adding this changes nothing: a change of a conversation that moved no figure. */
  public boolean isNone() {
    return costUsd == 0 && savedCostUsd == 0 && Arrays.stream(counts).allMatch(count -> count == 0);
  }

  long count(Count count) {
    return counts[count.ordinal()];
  }

  /** The values of {@link #WHOLE_COLUMNS}, in order. */
  long[] whole() {
    return counts.clone();
  }

  /** How many first responses each of {@link FirstResponseBuckets}' buckets holds. */
  long[] firstResponses() {
    return Arrays.copyOfRange(counts, COUNTS, counts.length);
  }

  double costUsd() {
    return costUsd;
  }

  double savedCostUsd() {
    return savedCostUsd;
  }

  /** Equal counts, and costs within {@code costTolerance} (sums of doubles in another order differ in their last bits). */
  public boolean matches(RollupCounts other, double costTolerance) {
    return Arrays.equals(counts, other.counts) && Math.abs(costUsd - other.costUsd) <= costTolerance
        && Math.abs(savedCostUsd - other.savedCostUsd) <= costTolerance;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RollupCounts that && Arrays.equals(counts, that.counts)
        && Double.compare(costUsd, that.costUsd) == 0 && Double.compare(savedCostUsd, that.savedCostUsd) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(counts) + Double.hashCode(costUsd + savedCostUsd);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("RollupCounts[");
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) text.append(WHOLE_COLUMNS.get(i)).append('=').append(counts[i]).append(' ');
    }
    return text.append("cost_usd=").append(costUsd).append(" saved_cost_usd=").append(savedCostUsd).append(']').toString();
  }
}
