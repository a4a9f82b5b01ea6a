package io.parley.persistence.campaigns;

import io.parley.core.erasure.TenantSecrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Optional;

/**
 * A lead's personal data (its number, name and named fields) as {@code campaign_lead.sealed} keeps
 * it: one box sealed under the tenant's key ({@link TenantSecrets}), base64, so whoever reads the
 * table or a backup without the root key reads none of it.
 */
record SealedLead(String number, Optional<String> name, String fields) {

  String seal(TenantSecrets secrets, String tenant) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(number);
      out.writeBoolean(name.isPresent());
      out.writeUTF(name.orElse(""));
      out.writeUTF(fields);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory does not fail", e);
    }
    return Base64.getEncoder().encodeToString(secrets.seal(tenant, bytes.toByteArray()));
  }

  /** @throws io.parley.core.erasure.SealBrokenException when {@code sealed} was changed or is another tenant's */
  static SealedLead open(TenantSecrets secrets, String tenant, String sealed) {
    byte[] plain = secrets.open(tenant, Base64.getDecoder().decode(sealed));
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
      String number = in.readUTF();
      boolean named = in.readBoolean();
      String name = in.readUTF();
      return new SealedLead(number, named ? Optional.of(name) : Optional.empty(), in.readUTF());
    } catch (IOException e) {
      throw new IllegalStateException("a sealed lead that opened is whole", e);
    }
  }

  @Override
  public String toString() {
    return "SealedLead[...]";
  }
}
