package io.parley.core.net;

import java.util.Optional;

/**
 * One Server-Sent Event: its type ({@code message} unless an {@code event:} field named one), its
 * {@code data:} lines joined by newlines, and its {@code id:} if it had one.
 */
public record ServerSentEvent(String type, String data, Optional<String> id) {
  /** An event of {@code type} with {@code data} and no id. */
  public static ServerSentEvent of(String type, String data) {
    return new ServerSentEvent(type, data, Optional.empty());
  }
}
