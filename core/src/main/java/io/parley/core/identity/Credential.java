package io.parley.core.identity;

/** What a request presented to prove who is calling. */
public sealed interface Credential {
  /** A signed token (JWT) or an API key, told apart by their form. */
  record Bearer(String value) implements Credential {}

  /** A tenant's publishable key, for anonymous chat from a public page. */
  record PublishableKey(String value) implements Credential {}

  /** The secret of a staff member's sign-in cookie (HttpOnly, SameSite=Strict), set by a password sign-in. */
  record StaffSession(String secret) implements Credential {
    @Override
    public String toString() {
      return "StaffSession[redacted]";
    }
  }

  record None() implements Credential {}
}
