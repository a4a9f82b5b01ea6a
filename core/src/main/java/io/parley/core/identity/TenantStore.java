package io.parley.core.identity;

import java.util.List;

/**
 * Where the tenants created through the API live, shared by every node (a database table). Every
 * method blocks on I/O: callers run them off the HTTP dispatcher and off actor threads.
 */
public interface TenantStore {
  /** Every stored tenant, by name. */
  List<StoredTenant> all();

  /**
   * Stores {@code tenant}, with its {@code publishableKeys}, unless one of its name is stored
   * already; returns whether it was stored.
   *
   * @throws PublishableKeyTaken when another stored tenant holds one of the keys, nothing stored
   */
  boolean create(StoredTenant tenant, List<String> publishableKeys);

  /**
   * Stores {@code tenant}, with its {@code publishableKeys}, replacing the stored one of its name;
   * returns whether there was one.
   *
   * @throws PublishableKeyTaken when another stored tenant holds one of the keys, nothing stored
   */
  boolean replace(StoredTenant tenant, List<String> publishableKeys);

  /**
   * A publishable key of the tenant being stored belongs to another stored tenant, found by the
   * store itself, so that two nodes storing the same key at the same moment cannot both succeed.
   */
  final class PublishableKeyTaken extends RuntimeException {
    public PublishableKeyTaken(String tenant, String owner) {
      super("tenant " + tenant + ": publishableKeys: a publishable key is the same as one of tenant " + owner
          + "; each key belongs to one tenant");
    }
  }
}
