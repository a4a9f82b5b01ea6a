package io.parley.persistence.desk;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** The agents' profiles (table {@code agent_profiles}, migration V28), shared by every node. Blocks on JDBC. */
public final class JdbcAgentProfiles {
  private final DataSource dataSource;

  public JdbcAgentProfiles(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The profile of {@code agentId} in {@code tenant}; {@link AgentProfile#NONE} when it set none. */
  public AgentProfile find(String tenant, String agentId) {
    return Transactions.read(dataSource, "read an agent's profile", connection -> Transactions.first(connection,
        "SELECT display_name, picture_url FROM agent_profiles WHERE tenant = ? AND agent_id = ?",
        row -> new AgentProfile(Optional.ofNullable(row.getString(1)), Optional.ofNullable(row.getString(2))),
        tenant, agentId)).orElse(AgentProfile.NONE);
  }

  /** Replaces the profile of {@code agentId} in {@code tenant}. */
  public void save(String tenant, String agentId, AgentProfile profile, Instant at) {
    Object[] values = {profile.displayName().orElse(null), profile.pictureUrl().orElse(null), Transactions.timestamp(at),
        tenant, agentId};
    Transactions.write(dataSource, "save an agent's profile", connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE agent_profiles SET display_name = ?, picture_url = ?, updated_at = ? WHERE tenant = ? AND agent_id = ?")) {
        if (StatementParameters.bind(update, values).executeUpdate() > 0) return 1;
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO agent_profiles (display_name, picture_url, updated_at, tenant, agent_id) VALUES (?, ?, ?, ?, ?)")) {
        return StatementParameters.bind(insert, values).executeUpdate();
      }
    });
  }
}
