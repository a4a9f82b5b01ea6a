package io.parley.core.bot;

import java.util.Objects;

/**
 * A secret of a tenant's bot configuration (a tool's signing secret, an MCP server's bearer token
 * or OAuth client secret) as the configuration keeps it: sealed under the tenant's own key
 * ({@link io.parley.core.erasure.TenantSecrets}), base64. The journal, the session that pins the
 * configuration and every copy of it hold only this; the node opens it when it calls the tool.
 */
public record TenantSecret(String sealed) {
  public TenantSecret {
    Objects.requireNonNull(sealed, "sealed");
  }

  /** Never the sealed bytes either: configurations end up in logs. */
  @Override
  public String toString() {
    return "TenantSecret[set]";
  }
}
