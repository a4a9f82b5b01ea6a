package io.parley.persistence.embedding;

import io.parley.persistence.PersistenceException;

/** The embedding model cannot run here, typically because its native libraries do not load on this platform. */
public class EmbeddingException extends PersistenceException {
  public EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
