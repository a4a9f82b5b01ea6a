package io.parley.core.identity;

import java.util.Optional;

/** The staff members signed in with a password, by their session cookie's secret; blocks on the store. */
@FunctionalInterface
public interface StaffSessions {
  /** A node with no staff accounts: every session cookie is refused. */
  StaffSessions NONE = secret -> Optional.empty();

  /** The caller whose session the cookie secret {@code secret} is, while it is valid. */
  Optional<Caller> caller(String secret);
}
