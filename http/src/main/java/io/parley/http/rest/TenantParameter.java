package io.parley.http.rest;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The tenant of a request: the {@code tenant} query parameter, or the node's default tenant.
 * Until authentication lands, the tenant is declared by the client; every key still carries it,
 * so tenants never see each other's sessions.
 */
public final class TenantParameter extends AllDirectives {
  private final String defaultTenant;
  private final ApiError errors;

  public TenantParameter(String defaultTenant, ApiError errors) {
    this.defaultTenant = SessionId.requireTenant(defaultTenant);
    this.errors = errors;
  }

  /** The tenant a request acts for: the one it names, else the default (validity is checked by {@link #extract}). */
  public String effective(Optional<String> requested) {
    return requested.orElse(defaultTenant);
  }

  public Route extract(Function<String, Route> inner) {
    return parameterOptional("tenant", tenant -> {
      String value = effective(tenant);
      if (!SessionId.isValidTenant(value)) {
        return complete(errors.response(ErrorCode.BAD_REQUEST,
            "tenant must be 1-63 characters of a-z, 0-9 and '-', got '" + value + "'"));
      }
      return inner.apply(value);
    });
  }
}
