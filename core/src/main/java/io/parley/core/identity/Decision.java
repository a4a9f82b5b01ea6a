package io.parley.core.identity;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;

/** The answer of {@link AccessPolicy}: allowed, or forbidden with a reason a caller can read. */
public sealed interface Decision {
  Decision ALLOWED = new Allowed();

  record Allowed() implements Decision {}

  record Forbidden(String reason) implements Decision {}

  /** Returns when allowed; else throws the {@code forbidden} refusal the edges answer with. */
  default void orRefuse() {
    if (this instanceof Forbidden forbidden) throw Refusal.of(ErrorCode.FORBIDDEN, forbidden.reason());
  }
}
