package io.parley.persistence;

/** The schema cannot be brought up to date; the node must not start on it. */
public class MigrationException extends PersistenceException {
  public MigrationException(String message) {
    super(message);
  }

  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
