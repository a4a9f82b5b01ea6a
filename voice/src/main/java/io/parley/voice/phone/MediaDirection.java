package io.parley.voice.phone;

import java.util.Locale;
import java.util.Optional;

/**
 * Which way an SDP audio stream flows (RFC 3264 §5.1, §6.1), as the side whose description it is
 * says it: a caller putting the call on hold offers {@code sendonly} (or {@code inactive}), and the
 * answer mirrors it ({@code recvonly}, {@code inactive}).
 */
public enum MediaDirection {
  SENDRECV, SENDONLY, RECVONLY, INACTIVE;

  /** The direction attribute's name, e.g. {@code sendonly}. */
  public String attribute() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The attribute {@code a=<name>} line's direction, if it is one. */
  public static Optional<MediaDirection> ofAttribute(String name) {
    for (MediaDirection direction : values()) {
      if (direction.attribute().equals(name)) return Optional.of(direction);
    }
    return Optional.empty();
  }

  /** The answerer's direction for an offer of this one: what the offerer sends, the answerer receives. */
  public MediaDirection mirrored() {
    return switch (this) {
      case SENDONLY -> RECVONLY;
      case RECVONLY -> SENDONLY;
      default -> this;
    };
  }

  /** Whether the side of this description sends media. */
  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  /** Whether the side of this description receives media. */
  public boolean receives() {
    return this == SENDRECV || this == RECVONLY;
  }
}
