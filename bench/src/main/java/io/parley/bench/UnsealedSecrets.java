package io.parley.bench;

import io.parley.core.erasure.TenantSecrets;

/** Tenant secrets kept as given: the benchmarks of tenants' tools hold no secret worth sealing. */
final class UnsealedSecrets implements TenantSecrets {
  @Override
  public byte[] seal(String tenant, byte[] plaintext) {
    return plaintext;
  }

  @Override
  public byte[] open(String tenant, byte[] sealed) {
    return sealed;
  }
}
