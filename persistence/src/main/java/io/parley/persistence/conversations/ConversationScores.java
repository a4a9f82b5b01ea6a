package io.parley.persistence.conversations;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The judge's scores of closed conversations, in the conversations read model (docs/evaluations.md,
 * "Every conversation scored"): the projection marks a closed conversation to score, in its own
 * transaction ({@link #markPending}); a node claims those due for a while (a lease, so a node that
 * dies leaves them to another, or to itself once restarted) and writes what the judge said; the
 * tokens the judge spent per tenant and UTC day, against the tenant's cap; and the analytics'
 * quality figures over a range.
 */
public final class ConversationScores {
  /** A conversation claimed for scoring. */
  public record Due(String tenant, String sessionId) {}

  /**
   * The quality figures of a range's scored conversations: how many were scored and how many the
   * judge could not score, the average score, how many had each score from 1 to 5, and the shares
   * of the scored ones whose answers were grounded and whose matter was resolved.
   */
  public record Quality(int scored, int judgeErrors, Optional<Double> averageScore, List<Integer> distribution,
      Optional<Double> groundedShare, Optional<Double> resolvedShare) {
    public Quality {
      distribution = List.copyOf(distribution);
    }
  }

  private final DataSource dataSource;

  public ConversationScores(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Marks the session's conversation to score, on the projection's transaction; a conversation
   * marked before (scored, or closed again after a handoff) is left as it is.
   */
  public static void markPending(Connection connection, String tenant, String sessionId) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE conversation SET score_state = ? "
        + "WHERE tenant = ? AND session_id = ? AND score_state IS NULL")) {
      StatementParameters.bind(update, ConversationScore.State.PENDING.wireName(), tenant, sessionId);
      update.executeUpdate();
    }
  }

  /**
   * Claims at most {@code limit} conversations waiting for their score, those closed first, each
   * until {@code now + lease}: another node (or this one, restarted) takes one whose lease ran out.
   */
  public List<Due> claim(int limit, Instant now, Duration lease) {
    return Transactions.write(dataSource, "claim conversations to score", connection -> {
      List<Due> waiting;
      try (PreparedStatement select = connection.prepareStatement("SELECT tenant, session_id FROM conversation "
          + "WHERE score_state = ? AND (score_lease_until IS NULL OR score_lease_until < ?) ORDER BY closed_at LIMIT ?")) {
        StatementParameters.bind(select, ConversationScore.State.PENDING.wireName(), now.toEpochMilli(), limit);
        waiting = Transactions.list(select, rows -> new Due(rows.getString(1), rows.getString(2)));
      }
      List<Due> claimed = new ArrayList<>();
      try (PreparedStatement update = connection.prepareStatement("UPDATE conversation SET score_lease_until = ? "
          + "WHERE tenant = ? AND session_id = ? AND score_state = ? AND (score_lease_until IS NULL OR score_lease_until < ?)")) {
        for (Due due : waiting) {
          StatementParameters.bind(update, now.plus(lease).toEpochMilli(), due.tenant(), due.sessionId(),
              ConversationScore.State.PENDING.wireName(), now.toEpochMilli());
          if (update.executeUpdate() == 1) claimed.add(due);
        }
      }
      return claimed;
    });
  }

  /**
   * Writes what came of scoring a claimed conversation (a conversation erased meanwhile keeps no
   * score), and its rollups' change: a conversation the bot ended that the judge finds unresolved
   * is no longer contained ({@link ConversationRow#resolution}). The row is locked as it is read,
   * so the projection's write of it waits; the projection never changes a closed row's resolution.
   */
  public void record(Due due, ConversationScore score) {
    Transactions.write(dataSource, "record a conversation's score", connection -> {
      Optional<ConversationRow> before = Transactions.first(connection, "SELECT " + ConversationTable.COLUMNS
          + " FROM conversation WHERE tenant = ? AND session_id = ? FOR UPDATE",
          rows -> ConversationTable.row(rows, List.of()), due.tenant(), due.sessionId());
      RollupChanges changes = new RollupChanges();
      changes.replaced(before, before.map(row -> row.withScore(Optional.of(score))));
      changes.apply(connection);
      try (PreparedStatement update = connection.prepareStatement("UPDATE conversation SET score_state = ?, score = ?, "
          + "score_resolved = ?, score_grounded = ?, score_tone = ?, score_reason = ?, scored_at = ?, "
          + "score_lease_until = NULL WHERE tenant = ? AND session_id = ?")) {
        update.setString(1, score.state().wireName());
        update.setObject(2, score.score().orElse(null), Types.INTEGER);
        update.setObject(3, score.resolved().orElse(null), Types.BOOLEAN);
        update.setObject(4, score.grounded().orElse(null), Types.BOOLEAN);
        update.setString(5, score.tone().orElse(null));
        update.setString(6, score.reason().orElse(null));
        update.setObject(7, score.at().map(Instant::toEpochMilli).orElse(null), Types.BIGINT);
        update.setString(8, due.tenant());
        update.setString(9, due.sessionId());
        return update.executeUpdate();
      }
    });
  }

  /**
   * Takes {@code tokens} of the tenant's UTC day {@code day} for one call of the judge, if less than
   * {@code cap} is spent by then; false, taking nothing, when it is not. One conditional update of
   * the day's row decides it, so nodes scoring at once each see what the others took: together
   * they pass the cap by at most what their last calls used beyond what they took.
   */
  public boolean takeTokens(String tenant, LocalDate day, long tokens, long cap) {
    return Transactions.write(dataSource, "take the scoring's tokens", connection -> {
      while (true) {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE quality_token_use SET tokens = tokens + ? WHERE tenant = ? AND used_on = ? AND tokens < ?")) {
          StatementParameters.bind(update, tokens, tenant, Date.valueOf(day), cap);
          if (update.executeUpdate() == 1) return true;
        }
        Optional<Long> spent = Transactions.first(connection,
            "SELECT tokens FROM quality_token_use WHERE tenant = ? AND used_on = ?", rows -> rows.getLong(1), tenant,
            Date.valueOf(day));
        if (spent.isPresent() && spent.get() >= cap) return false;
        // A row another node inserted after the update looked: take from it.
        if (spent.isPresent()) continue;
        if (cap <= 0) return false;
        // The day's first take; a node that inserts it at the same moment makes this one run again, as an update.
        insertDay(connection, tenant, day, tokens);
        return true;
      }
    });
  }

  /**
   * Adds {@code tokens} to what the judge spent on the tenant's conversations on {@code day}: what a
   * call used beyond what it took, or, negative, gives back what it did not use.
   */
  public void addTokens(String tenant, LocalDate day, long tokens) {
    Transactions.write(dataSource, "count the scoring's tokens", connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE quality_token_use SET tokens = tokens + ? WHERE tenant = ? AND used_on = ?")) {
        StatementParameters.bind(update, tokens, tenant, Date.valueOf(day));
        if (update.executeUpdate() == 1) return null;
      }
      insertDay(connection, tenant, day, tokens);
      return null;
    });
  }

  private static void insertDay(Connection connection, String tenant, LocalDate day, long tokens) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO quality_token_use (tenant, used_on, tokens) VALUES (?, ?, ?)")) {
      StatementParameters.bind(insert, tenant, Date.valueOf(day), Math.max(0, tokens));
      insert.executeUpdate();
    }
  }

  /**
   * The quality figures of the tenant's customers' conversations started in {@code [from, to)}, of
   * one channel or all, read from the rows the judge scored or failed on (index
   * {@code conversation_scored} and the start's).
   */
  public Quality quality(String tenant, Instant from, Instant to, Optional<String> channel) {
    return Transactions.read(dataSource, "read the quality figures", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT score_state, score, score_grounded, "
          + "score_resolved, COUNT(*) FROM conversation WHERE tenant = ? AND started_at >= ? AND started_at < ? "
          + "AND user_messages > 0 AND test = FALSE AND score_state IN (?, ?)" + (channel.isPresent() ? " AND channel = ?" : "")
          + " GROUP BY score_state, score, score_grounded, score_resolved")) {
        StatementParameters.bind(select, tenant, from.toEpochMilli(), to.toEpochMilli(),
            ConversationScore.State.SCORED.wireName(), ConversationScore.State.ERROR.wireName());
        if (channel.isPresent()) select.setString(6, channel.get());
        QualityTally tally = new QualityTally();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            int count = rows.getInt(5);
            if (rows.getString(1).equals(ConversationScore.State.ERROR.wireName())) tally.judgeErrors += count;
            else tally.add(rows.getInt(2), rows.getBoolean(3), rows.getBoolean(4), count);
          }
        }
        return tally.quality();
      }
    });
  }

  /** Adds up the scored conversations' groups into the figures. */
  static final class QualityTally {
    private final List<Integer> distribution = new ArrayList<>(Collections.nCopies(ConversationScore.BEST, 0));
    private int scored;
    private long sum;
    private int grounded;
    private int resolved;
    int judgeErrors;

    void add(int score, boolean wasGrounded, boolean wasResolved, int count) {
      distribution.set(score - 1, distribution.get(score - 1) + count);
      scored += count;
      sum += (long) score * count;
      if (wasGrounded) grounded += count;
      if (wasResolved) resolved += count;
    }

    Quality quality() {
      return new Quality(scored, judgeErrors, share(sum, scored), distribution, share(grounded, scored),
          share(resolved, scored));
    }

    private static Optional<Double> share(long part, int whole) {
      return whole == 0 ? Optional.empty() : Optional.of((double) part / whole);
    }
  }

}
