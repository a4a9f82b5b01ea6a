package io.parley.persistence.desk;

import io.parley.core.attachment.AgentPicture;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The pictures agents uploaded (table {@code agent_pictures}, migration V35), shared by every node:
 * stored by {@link AgentPicture#key}, which is how customers' browsers ask for one. Blocks on JDBC.
 */
public final class JdbcAgentPictures {
  private final DataSource dataSource;

  public JdbcAgentPictures(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The picture under {@code key}, of whichever tenant's agent it is. */
  public Optional<AgentPicture> find(String key) {
    return Transactions.read(dataSource, "read an agent's picture", connection -> Transactions.first(connection,
        "SELECT media_type, content FROM agent_pictures WHERE picture_key = ?",
        row -> new AgentPicture(row.getString(1), row.getBytes(2)), key));
  }

  /** Whether {@code agentId} of {@code tenant} has a picture. */
  public boolean has(String tenant, String agentId) {
    return Transactions.read(dataSource, "look for an agent's picture", connection -> Transactions.first(connection,
        "SELECT 1 FROM agent_pictures WHERE picture_key = ?", row -> true, AgentPicture.key(tenant, agentId)))
        .isPresent();
  }

  /** Replaces the picture of {@code agentId} in {@code tenant}. */
  public void save(String tenant, String agentId, AgentPicture picture, Instant at) {
    String key = AgentPicture.key(tenant, agentId);
    Transactions.write(dataSource, "save an agent's picture", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM agent_pictures WHERE picture_key = ?");
          PreparedStatement insert = connection.prepareStatement("INSERT INTO agent_pictures "
              + "(picture_key, tenant, agent_id, media_type, content, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        StatementParameters.bind(delete, key).executeUpdate();
        return StatementParameters.bind(insert, key, tenant, agentId, picture.mediaType(), picture.content(),
            Transactions.timestamp(at)).executeUpdate();
      }
    });
  }

  /** Removes the picture of {@code agentId} in {@code tenant}; whether there was one. */
  public boolean delete(String tenant, String agentId) {
    return Transactions.write(dataSource, "remove an agent's picture", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM agent_pictures WHERE picture_key = ?")) {
        return StatementParameters.bind(delete, AgentPicture.key(tenant, agentId)).executeUpdate();
      }
    }) > 0;
  }
}
