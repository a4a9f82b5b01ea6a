package io.parley.core.identity;

import java.time.Instant;

/**
 * A tenant created through the API, as stored: its entry ({@code document}, the JSON body of its
 * last {@code PUT}, secrets included, read by {@link TenantIdentityList#entry}), when it was last
 * written and by whom.
 */
public record StoredTenant(String tenant, String document, Instant updatedAt, String updatedBy) {
  @Override
  public String toString() {
    return "StoredTenant[" + tenant + ", updatedAt=" + updatedAt + ", updatedBy=" + updatedBy + "]";
  }
}
