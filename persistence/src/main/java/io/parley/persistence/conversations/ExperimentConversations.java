package io.parley.persistence.conversations;

import io.parley.core.experiment.Arm;
import io.parley.core.experiment.ConversationOutcome;
import io.parley.core.experiment.ExperimentArm;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The conversations of the tenants' experiments (docs/analytics.md#experiments): the projection
 * marks a row with its experiment and arm once, when the session starts; an experiment's figures
 * are its rows' own, each row counted as the analytics count it ({@link RollupCounts#of}), so an
 * arm's containment or CSAT is the same figure the analytics give for the same conversations.
 */
public final class ExperimentConversations {
  private final DataSource dataSource;

  public ExperimentConversations(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Marks session {@code sessionId}'s row, in the projection's transaction, after the row is written. */
  public static void mark(Connection connection, String tenant, String sessionId, ExperimentArm arm) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE conversation SET experiment = ?, experiment_arm = ? WHERE tenant = ? AND session_id = ?")) {
      update.setInt(1, arm.experiment());
      update.setString(2, arm.arm().wireName());
      update.setString(3, tenant);
      update.setString(4, sessionId);
      update.executeUpdate();
    }
  }

  /**
   * The outcomes of experiment {@code experiment}'s conversations per arm: those the figures count
   * ({@link ConversationRow#counted}: the customer wrote, not a test).
   */
  public Map<Arm, List<ConversationOutcome>> outcomes(String tenant, int experiment) {
    return Transactions.read(dataSource, "read an experiment's conversations", connection -> {
      Map<Arm, List<ConversationOutcome>> byArm = new EnumMap<>(Arm.class);
      for (Arm arm : Arm.values()) byArm.put(arm, new ArrayList<>());
      try (PreparedStatement select = connection.prepareStatement("SELECT " + ConversationTable.COLUMNS
          + ", experiment_arm FROM conversation WHERE tenant = ? AND experiment = ?")) {
        select.setString(1, tenant);
        select.setInt(2, experiment);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ConversationRow row = ConversationTable.row(rows, List.of());
            if (row.counted()) byArm.get(Arm.fromWireName(rows.getString("experiment_arm"))).add(outcome(row));
          }
        }
      }
      return byArm;
    });
  }

  /** The experiments and arms of {@code sessionIds} (wire ids) that were started in one; the others are absent. */
  public Map<String, ExperimentArm> armsOf(String tenant, Collection<String> sessionIds) {
    if (sessionIds.isEmpty()) return Map.of();
    return Transactions.read(dataSource, "read conversations' experiments", connection -> {
      Map<String, ExperimentArm> arms = new HashMap<>();
      String marks = String.join(", ", Collections.nCopies(sessionIds.size(), "?"));
      try (PreparedStatement select = connection.prepareStatement("SELECT session_id, experiment, experiment_arm "
          + "FROM conversation WHERE tenant = ? AND experiment IS NOT NULL AND session_id IN (" + marks + ")")) {
        select.setString(1, tenant);
        int i = 2;
        for (String id : sessionIds) select.setString(i++, id);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            arms.put(rows.getString(1), new ExperimentArm(rows.getInt(2), Arm.fromWireName(rows.getString(3))));
          }
        }
      }
      return arms;
    });
  }

  /** What the row comes to, by the analytics' definitions. */
  static ConversationOutcome outcome(ConversationRow row) {
    RollupCounts counts = RollupCounts.of(row);
    Optional<Integer> rating = row.rating().filter(r -> r >= 1 && r <= 5);
    return new ConversationOutcome(counts.count(RollupCounts.Count.CLOSED) == 1,
        counts.count(RollupCounts.Count.CONTAINED) == 1, counts.count(RollupCounts.Count.HANDOFFS_ASKED) == 1, rating,
        row.score().flatMap(ConversationScore::score), row.promptTokens() + row.completionTokens(), row.costUsd());
  }
}
