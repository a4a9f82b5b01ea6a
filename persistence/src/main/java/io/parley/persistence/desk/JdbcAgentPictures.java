package io.parley.persistence.desk;

import io.parley.core.attachment.AgentPicture;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The pictures agents uploaded (table {@code agent_pictures}, migrations V35 and V37), shared by
 * every node: a row a tenant's agent ({@link AgentPicture#key}), served under its {@code served_key},
 * 32 random hex digits new with every upload, which is how customers' browsers ask for one: no one
 * computes it from a tenant and an agent's id, and a replaced picture has a new one. Blocks on JDBC.
 */
public final class JdbcAgentPictures {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource dataSource;

  public JdbcAgentPictures(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The picture served under {@code servedKey}, of whichever tenant's agent it is. */
  public Optional<AgentPicture> find(String servedKey) {
    return Transactions.read(dataSource, "read an agent's picture", connection -> Transactions.first(connection,
        "SELECT media_type, content FROM agent_pictures WHERE served_key = ?",
        row -> new AgentPicture(row.getString(1), row.getBytes(2)), servedKey));
  }

  /**
   * The key the picture of {@code agentId} in {@code tenant} is served under, none while it has no
   * picture. A picture stored without one (before migration V37, or by a node of the release
   * before) is given one here.
   */
  public Optional<String> servedKey(String tenant, String agentId) {
    String key = AgentPicture.key(tenant, agentId);
    Optional<Optional<String>> stored = Transactions.read(dataSource, "look for an agent's picture",
        connection -> Transactions.first(connection, "SELECT served_key FROM agent_pictures WHERE picture_key = ?",
            row -> Optional.ofNullable(row.getString(1)), key));
    if (stored.isEmpty() || stored.get().isPresent()) return stored.flatMap(served -> served);
    Transactions.write(dataSource, "name an agent's picture", connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE agent_pictures SET served_key = ? WHERE picture_key = ? AND served_key IS NULL")) {
        return StatementParameters.bind(update, newServedKey(), key).executeUpdate();
      }
    });
    return servedKey(tenant, agentId);
  }

  /** Replaces the picture of {@code agentId} in {@code tenant}; the key it is served under now. */
  public String save(String tenant, String agentId, AgentPicture picture, Instant at) {
    String key = AgentPicture.key(tenant, agentId);
    String served = newServedKey();
    Transactions.write(dataSource, "save an agent's picture", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM agent_pictures WHERE picture_key = ?");
          PreparedStatement insert = connection.prepareStatement("INSERT INTO agent_pictures (picture_key, tenant, "
              + "agent_id, media_type, content, updated_at, served_key) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        StatementParameters.bind(delete, key).executeUpdate();
        return StatementParameters.bind(insert, key, tenant, agentId, picture.mediaType(), picture.content(),
            Transactions.timestamp(at), served).executeUpdate();
      }
    });
    return served;
  }

  /** Removes the picture of {@code agentId} in {@code tenant}; whether there was one. */
  public boolean delete(String tenant, String agentId) {
    return Transactions.write(dataSource, "remove an agent's picture", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM agent_pictures WHERE picture_key = ?")) {
        return StatementParameters.bind(delete, AgentPicture.key(tenant, agentId)).executeUpdate();
      }
    }) > 0;
  }

  private static String newServedKey() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
