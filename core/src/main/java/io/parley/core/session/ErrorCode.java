package io.parley.core.session;

import io.parley.core.WireName;

/** Why a request was refused; the wire protocol's {@code error.code} vocabulary. */
public enum ErrorCode implements WireName.InJson {
  BAD_REQUEST(400),
  NOT_FOUND(404),
  FORBIDDEN(403),
  /** The resource is in a state that does not allow it (another agent holds the conversation). */
  CONFLICT(409),
  RATE_LIMITED(429),
  BUDGET_EXCEEDED(429),
  TOO_LARGE(413),
  /** The message reads like instructions to the model, and the tenant refuses those (docs/security.md). */
  INJECTION_REFUSED(400),
  UNAVAILABLE(503),
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
