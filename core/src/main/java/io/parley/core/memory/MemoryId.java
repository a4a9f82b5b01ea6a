package io.parley.core.memory;

import java.util.Objects;
import java.util.Optional;

/**
 * Names one remembered item of a user: the session that left it and its place among that session's
 * items. On the wire it reads {@code <sessionId>.<ordinal>}; a session id may itself hold dots, the
 * ordinal never does.
 */
public record MemoryId(String sessionId, int ordinal) {
  public MemoryId {
    Objects.requireNonNull(sessionId, "sessionId");
    if (sessionId.isBlank()) throw new IllegalArgumentException("sessionId must not be blank");
    if (ordinal < 0) throw new IllegalArgumentException("ordinal must not be negative, got " + ordinal);
  }

  /** The id a client sent, if it has that form. */
  public static Optional<MemoryId> parse(String wire) {
    int dot = wire == null ? -1 : wire.lastIndexOf('.');
    if (dot <= 0 || dot == wire.length() - 1 || wire.length() - dot > 10) return Optional.empty();
    String digits = wire.substring(dot + 1);
    if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
    return Optional.of(new MemoryId(wire.substring(0, dot), Integer.parseInt(digits)));
  }

  @Override
  public String toString() {
    return sessionId + "." + ordinal;
  }
}
