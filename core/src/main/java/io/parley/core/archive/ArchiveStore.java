package io.parley.core.archive;

import java.util.Optional;

/**
 * Port to where closed conversations are kept: S3-compatible object storage in production, a
 * directory under the data dir by default. Writing is idempotent: the same key and bytes give
 * the same object, so an archive retried after a crash never produces a second copy.
 */
public interface ArchiveStore {
  /**
   * Stores {@code document} at {@code key}, replacing any object there.
   *
   * @throws ArchiveUnavailableException when the storage cannot be reached or refuses the write;
   *     the caller retries later, nothing is lost
   */
  ArchiveReceipt put(String key, byte[] document);

  /**
   * Deletes the document at {@code key}, if there is one (erasure); idempotent.
   *
   * @return whether a document was there
   * @throws ArchiveUnavailableException when the storage cannot be reached or refuses the delete
   */
  boolean delete(String key);

  /** The stored document, if there is one at {@code key}. */
  Optional<byte[]> get(String key);

  /** Where documents go, for logs and {@code GET /v1/sessions/{id}}: {@code s3://bucket} or {@code file:/path}. */
  String location();
}
