package io.parley.core.identity;

import java.util.List;

/**
 * Where the tenants created through the API live, shared by every node (a database table). Every
 * method blocks on I/O: callers run them off the HTTP dispatcher and off actor threads.
 */
public interface TenantStore {
  /** Every stored tenant, by name. */
  List<StoredTenant> all();

  /** Stores {@code tenant} unless one of its name is stored already; returns whether it was stored. */
  boolean create(StoredTenant tenant);

  /** Stores {@code tenant}, replacing the stored one of its name; returns whether there was one. */
  boolean replace(StoredTenant tenant);

}
