package io.parley.core.identity;

import com.nimbusds.jose.KeySourceException;
import java.time.Duration;

/**
 * A token cannot be checked now: its issuer's keys are being read, or could not be read. It is
 * refused at once rather than waiting for the provider, and may be presented again after {@link #retryAfter()}.
 */
final class KeysNotKnown extends KeySourceException {
  private final transient Duration retryAfter;

  KeysNotKnown(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  Duration retryAfter() {
    return retryAfter;
  }

  /** Without a stack trace: thrown for every such token, however many come, and never logged. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
