package io.parley.core.identity;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

/**
 * An API key of a tenant, for its servers and staff tools. Only the key's SHA-256 is configured;
 * a presented key is hashed and compared digest to digest in constant time.
 *
 * @param sha256 the key's SHA-256, 64 lowercase hex digits
 */
public record ApiKey(String name, String sha256, Set<Role> roles) {
  public ApiKey {
    roles = Set.copyOf(roles);
  }

  boolean matches(byte[] presentedDigest) {
    return MessageDigest.isEqual(HexFormat.of().parseHex(sha256), presentedDigest);
  }
}
