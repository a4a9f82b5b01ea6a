package io.parley.core.audit;

import io.parley.core.WireName;
import io.parley.core.session.ErrorCode;
import java.util.Optional;

/**
 * How an audited request ended: done ({@code ok}), refused for want of a credential
 * ({@code unauthorized}) or of a right ({@code forbidden}), aimed at nothing that exists in the
 * caller's tenant ({@code not_found}), refused for its input or the resource's state
 * ({@code refused}: bad request, conflict, rate limit), or failed on the node's side ({@code failed}).
 */
public enum AuditResult implements WireName {
  OK, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, REFUSED, FAILED;

  public static Optional<AuditResult> fromWireName(String name) {
    return WireName.find(values(), name);
  }

  /** The result an HTTP status means. */
  public static AuditResult ofStatus(int status) {
    if (status < 400) return OK;
    if (status == 401) return UNAUTHORIZED;
    if (status == 403) return FORBIDDEN;
    if (status == 404) return NOT_FOUND;
    return status < 500 ? REFUSED : FAILED;
  }

  /** The result a refusal with {@code code} means, on a socket where there is no status. */
  public static AuditResult of(ErrorCode code) {
    return ofStatus(code.httpStatus());
  }
}
