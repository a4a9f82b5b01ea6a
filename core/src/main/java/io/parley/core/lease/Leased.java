package io.parley.core.lease;

/** Something of a tenant's that one node of the cluster at a time works on, under a lease: a campaign, a source. */
public interface Leased {
  String tenant();

  String id();
}
