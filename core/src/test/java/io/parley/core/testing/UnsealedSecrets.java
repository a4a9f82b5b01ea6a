package io.parley.core.testing;

import io.parley.core.erasure.TenantSecrets;

/** Tenant secrets kept as given: the tests and benchmarks of tenants' tools hold no secret worth sealing. */
public final class UnsealedSecrets implements TenantSecrets {
  @Override
  public byte[] seal(String tenant, byte[] plaintext) {
    return plaintext;
  }

  @Override
  public byte[] open(String tenant, byte[] sealed) {
    return sealed;
  }

  /** Keyed with a key every test knows: the tenant's name. */
  @Override
  public String fingerprint(String tenant, String value) {
    return TenantSecrets.fingerprint(tenant.getBytes(java.nio.charset.StandardCharsets.UTF_8), tenant, value);
  }
}
