package io.parley.core.archive;

/** The archive storage could not take or give a document now; retrying later may succeed. */
public class ArchiveUnavailableException extends RuntimeException {
  public ArchiveUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
