package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Optional;

/** How the node authenticates to a tenant's MCP server: a bearer token, or OAuth 2.1 client credentials. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = McpAuth.Bearer.class, name = "bearer"),
    @JsonSubTypes.Type(value = McpAuth.OAuth.class, name = "oauth")})
public sealed interface McpAuth {
  /** {@code Authorization: Bearer <token>} on every request. */
  record Bearer(TenantSecret token) implements McpAuth {}

  /**
   * A token from {@code tokenUrl} by the client-credentials grant (RFC 6749 4.4, as OAuth 2.1 keeps
   * it), sent as a bearer token until it expires or the server refuses it.
   */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  record OAuth(String tokenUrl, String clientId, TenantSecret clientSecret, Optional<String> scope) implements McpAuth {
    public OAuth {
      scope = scope == null ? Optional.empty() : scope;
    }
  }
}
