package io.parley.http.rest;

import io.parley.core.session.Refusal;
import java.util.Optional;

/**
 * An upload refused before anything of it is stored: {@code reason} is what metrics count it under;
 * the client gets {@code refusal}, or {@code 415 unsupported_media_type} for a file refused for its
 * type (which has no {@link io.parley.core.session.ErrorCode}).
 */
final class UploadRefused extends RuntimeException {
  private final String reason;
  private final Optional<Refusal> refusal;

  UploadRefused(String reason, Refusal refusal) {
    this(reason, refusal.getMessage(), Optional.of(refusal));
  }

  private UploadRefused(String reason, String message, Optional<Refusal> refusal) {
    super(message, null, false, false);
    this.reason = reason;
    this.refusal = refusal;
  }

  static UploadRefused unsupported(String message) {
    return new UploadRefused("unsupported", message, Optional.empty());
  }

  String reason() {
    return reason;
  }

  /** What the client is told; empty for {@code 415}. */
  Optional<Refusal> refusal() {
    return refusal;
  }
}
