package io.parley.core.identity;

import io.parley.core.WireName;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a caller may do. {@code customer} chats in its own sessions; {@code agent} works on the
 * tenant's sessions and tickets and reads its knowledge base; {@code admin} also writes the
 * knowledge base; {@code operator} manages the tenants, across tenants, and the cluster on the
 * management port; it is held by the bearer of the node's operator token and by the staff account the
 * first-run setup made, never granted by a tenant's token or API key.
 */
public enum Role implements WireName {
  CUSTOMER, AGENT, ADMIN, OPERATOR;

  /** The roles' wire names in their order here, comma-separated: {@code agent, admin}. */
  static String names(java.util.Collection<Role> roles) {
    return Arrays.stream(values()).filter(roles::contains).map(Role::wireName).collect(java.util.stream.Collectors.joining(", "));
  }

  public static Optional<Role> fromWireName(String name) {
    return WireName.find(values(), name);
  }
}
