package io.parley.persistence;

/** The schema cannot be brought up to date; the node must not start on it. */
class MigrationException extends PersistenceException {
  MigrationException(String message) {
    super(message);
  }

  MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
