package io.parley.persistence.embedding;

import io.parley.persistence.PersistenceException;

/** The embedding model cannot run here, typically because its native libraries do not load on this platform. */
class EmbeddingException extends PersistenceException {
  EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
