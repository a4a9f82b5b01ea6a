package io.parley.core.identity;

/** The outcome of checking a credential: the caller it proves, or why it proves nobody. */
public sealed interface Authentication {
  record Authenticated(Caller caller) implements Authentication {}

  /** @param reason for the client: what is wrong with the credential, never the credential itself */
  record Refused(String reason) implements Authentication {}
}
