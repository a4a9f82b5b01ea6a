package io.parley.persistence.conversations;

import io.parley.core.WireName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * What the judge made of a closed conversation (docs/evaluations.md, "Every conversation scored"):
 * waiting for it ({@link State#PENDING}), its score from 1 (bad) to 5 (good) with whether the
 * customer's matter was resolved, whether the answers were grounded in the knowledge base and the
 * tools' results, the tone and a short reason ({@link State#SCORED}); or, with only a reason, a
 * judge that failed or broke its schema ({@link State#ERROR}) or a conversation left out
 * ({@link State#SKIPPED}: not in the tenant's sample, or past its daily token cap).
 */
public record ConversationScore(State state, Optional<Integer> score, Optional<Boolean> resolved,
    Optional<Boolean> grounded, Optional<String> tone, Optional<String> reason, Optional<Instant> at) {
  /** The {@code conversation} table's columns of a score, as {@link #of} reads them. */
  static final String COLUMNS = "score_state, score, score_resolved, score_grounded, score_tone, score_reason, scored_at";
  /** The longest reason kept; a longer one is cut. */
  public static final int MAX_REASON = 500;
  public static final int WORST = 1;
  public static final int BEST = 5;

  public enum State implements WireName {
    PENDING, SCORED, ERROR, SKIPPED;

    public static State fromWireName(String wireName) {
      return WireName.find(values(), wireName)
          .orElseThrow(() -> new IllegalArgumentException("not a score state: " + wireName));
    }
  }

  public ConversationScore {
    reason = reason.map(text -> text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 3) + "...");
    if (score.isPresent() != (state == State.SCORED)) throw new IllegalArgumentException("only a scored conversation has a score");
    score.filter(value -> value < WORST || value > BEST).ifPresent(value -> {
      throw new IllegalArgumentException("a score is from " + WORST + " to " + BEST + ", got " + value);
    });
  }

  public static ConversationScore scored(int score, boolean resolved, boolean grounded, String tone, String reason,
      Instant at) {
    return new ConversationScore(State.SCORED, Optional.of(score), Optional.of(resolved), Optional.of(grounded),
        Optional.of(tone), Optional.of(reason), Optional.of(at));
  }

  /** Not scored: {@code state} error or skipped, and why. */
  public static ConversationScore unscored(State state, String reason, Instant at) {
    return new ConversationScore(state, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(reason), Optional.of(at));
  }

  /** The row's score, none when nothing was asked of the judge. */
  static Optional<ConversationScore> of(ResultSet rows) throws SQLException {
    String state = rows.getString("score_state");
    if (state == null) return Optional.empty();
    int score = rows.getInt("score");
    Optional<Integer> value = rows.wasNull() ? Optional.empty() : Optional.of(score);
    long at = rows.getLong("scored_at");
    Optional<Instant> scoredAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
    return Optional.of(new ConversationScore(State.fromWireName(state), value,
        flag(rows, "score_resolved"), flag(rows, "score_grounded"), Optional.ofNullable(rows.getString("score_tone")),
        Optional.ofNullable(rows.getString("score_reason")), scoredAt));
  }

  private static Optional<Boolean> flag(ResultSet rows, String column) throws SQLException {
    boolean value = rows.getBoolean(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(value);
  }
}
