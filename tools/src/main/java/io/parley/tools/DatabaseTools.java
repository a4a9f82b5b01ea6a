package io.parley.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.parley.core.retry.Backoff;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;

/**
 * What the built-in tools share, all of them working on the node's database: their timeout and
 * retry policy, and which database failures are worth a retry.
 */
public final class DatabaseTools {
  /** A query or two on a local database; past this the database is in trouble, not busy. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** Three attempts, 200 ms then 400 ms apart (less up to half as jitter): transient failures only. */
  public static final int MAX_ATTEMPTS = 3;
  public static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, 0.5);

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private DatabaseTools() {}

  /**
   * The definition of a tool on the database: this class's timeout and retry policy, and the
   * parameters' schema written as JSON text in the tool's source.
   */
  public static ToolDefinition definition(String name, String description, boolean idempotent, String schemaJson) {
    JsonNode schema;
    try {
      schema = JSON.readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The schema of tool " + name + " is not JSON: " + e.getOriginalMessage(), e);
    }
    return new ToolDefinition(name, description, schema, TIMEOUT, MAX_ATTEMPTS, BACKOFF, idempotent);
  }

  /**
   * Whether {@code failure} or one of its causes is a database failure a second attempt can get
   * past: no connection or a pool that timed out, a deadlock or serialization failure, a server
   * shutting down, H2's lock timeout. Anything else (a constraint, a bad statement) fails the same
   * way again.
   */
  public static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) return true;
      if (cause instanceof SQLException sql && isTransientState(sql.getSQLState())) return true;
    }
    return false;
  }

  /**
   * The tool's failure for a failure of its store, transient or not as {@link #isTransient} says.
   * {@code message} is for the model (what did not happen, what to do instead); the database's own
   * words stay in the cause, for the log.
   */
  public static ToolFailure toolFailure(String message, RuntimeException failure) {
    return new ToolFailure(message, isTransient(failure), failure);
  }

  /**
   * Connection exceptions (08), serialization failures and deadlocks (40), insufficient
   * resources (53), operator intervention such as a restart (57P), H2's lock timeout (HYT00) and
   * concurrent update (90131).
   */
  static boolean isTransientState(String state) {
    if (state == null) return false;
    return state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57P")
        || state.equals("HYT00") || state.equals("90131");
  }
}
