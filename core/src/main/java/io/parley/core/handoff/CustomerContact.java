package io.parley.core.handoff;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a customer whom no person could answer left for the reply: an email address, or none (they
 * come back to the conversation), and whether they want the conversation's transcript with it.
 * Personal data: it lives only in the conversation's journal, sealed with its data key.
 */
public record CustomerContact(Optional<String> email, boolean transcript, Instant at) {
  public CustomerContact {
    Objects.requireNonNull(at, "at");
    email = email == null ? Optional.empty() : email;
    transcript = transcript && email.isPresent();
  }
}
