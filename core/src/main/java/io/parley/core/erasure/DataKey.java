package io.parley.core.erasure;

import javax.crypto.SecretKey;

/** The key a session's journal is sealed with; {@code keyId} travels with every sealed event. */
public record DataKey(String keyId, SecretKey key) {
  @Override
  public String toString() {
    return "DataKey[" + keyId + "]";
  }
}
