package io.parley.persistence;

/** A failure of Parley's own persistence code (not a driver's SQLException passing through). */
public class PersistenceException extends RuntimeException {
  public PersistenceException(String message) {
    super(message);
  }

  public PersistenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
