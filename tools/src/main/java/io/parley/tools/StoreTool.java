package io.parley.tools;

import io.parley.persistence.PersistenceException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A built-in tool that answers from one of the node's stores (the knowledge base, the tickets):
 * its fixed definition, and the one way its store work fails. A subclass reads its arguments,
 * refuses what it cannot use with {@link #refused}, and reaches the store only through
 * {@link #fromStore}, so that a database failure always reaches the model as the tool's own
 * message, transient or not as {@link DatabaseFailures#isTransient} says.
 *
 * @param <S> the store
 */
public abstract class StoreTool<S> implements Tool {
  /** A query or two on a local database; past this the database is in trouble, not busy. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** Three attempts, 200 ms then 400 ms apart (less up to half as jitter): transient failures only. */
  public static final int MAX_ATTEMPTS = 3;

  private final ToolDefinition definition;
  private final S store;
  private final String unavailable;

  /** @param unavailable what the model reads when the store fails: what did not happen, what to do instead */
  protected StoreTool(ToolDefinition definition, S store, String unavailable) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.store = Objects.requireNonNull(store, "store");
    this.unavailable = Objects.requireNonNull(unavailable, "unavailable");
  }

  /** The definition of a store tool: this class's timeout and attempts, the tools' backoff, the schema as JSON text. */
  protected static ToolDefinition definition(String name, String description, boolean idempotent, String schemaJson) {
    return ToolDefinition.withSchemaText(name, description, schemaJson, TIMEOUT, MAX_ATTEMPTS,
        ToolDefinition.DEFAULT_BACKOFF, idempotent);
  }

  @Override
  public final ToolDefinition definition() {
    return definition;
  }

  /**
   * Runs {@code work} on the store; a {@link PersistenceException} becomes this tool's failure,
   * with the model's message and the database's own words in the cause, for the log.
   */
  protected final <T> T fromStore(Function<S, T> work) {
    try {
      return work.apply(store);
    } catch (PersistenceException e) {
      throw new ToolFailure(unavailable, DatabaseFailures.isTransient(e), e);
    }
  }

  /** A call the tool will not run as given; permanent, since the same arguments fail the same way. */
  protected static ToolFailure refused(String message) {
    return new ToolFailure(message, false);
  }
}
