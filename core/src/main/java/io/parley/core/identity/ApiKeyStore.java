package io.parley.core.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the API keys created through the API live, shared by every node (a database table), so a
 * key revoked on one node stops working on all of them. Only a key's SHA-256 is ever stored. Every
 * method blocks on I/O: callers run them off the HTTP dispatcher.
 */
public interface ApiKeyStore {
  /** Stores a new key whose secret hashes to {@code sha256} (64 lowercase hex digits). */
  void add(StoredApiKey key, String sha256);

  /** The key whose secret hashes to {@code sha256}, active or not, whatever its tenant. */
  Optional<StoredApiKey> findBySha256(String sha256);

  /** The tenant's keys, newest first, revoked ones included. */
  List<StoredApiKey> list(String tenant);

  /** Revokes the tenant's key {@code id} (an already revoked one keeps its first revocation); empty: no such key in the tenant. */
  Optional<StoredApiKey> revoke(String tenant, String id, Instant at);

  /** No stored keys: a node without a database, or a test of the configured keys alone. */
  static ApiKeyStore none() {
    return new ApiKeyStore() {
      @Override
      public void add(StoredApiKey key, String sha256) {
        throw new UnsupportedOperationException("this node stores no API keys");
      }

      @Override
      public Optional<StoredApiKey> findBySha256(String sha256) {
        return Optional.empty();
      }

      @Override
      public List<StoredApiKey> list(String tenant) {
        return List.of();
      }

      @Override
      public Optional<StoredApiKey> revoke(String tenant, String id, Instant at) {
        return Optional.empty();
      }
    };
  }
}
