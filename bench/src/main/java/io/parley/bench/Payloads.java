package io.parley.bench;

import java.util.Map;

/** The values the serialization benchmarks write, by the name they carry in the results. */
final class Payloads {
  /** What is persisted (snapshots, events) and what only crosses between nodes (updates to subscribers). */
  static final Map<String, Object> BY_NAME = Map.of(
      "open-50", Conversations.open(50, 1),
      "open-300", Conversations.open(300, 1),
      "user-message-appended", Conversations.userMessage(17),
      "message-added", Conversations.messageAdded(),
      "delta", Conversations.delta());

  private Payloads() {}

  static Object named(String name) {
    Object value = BY_NAME.get(name);
    if (value == null) throw new IllegalArgumentException("no payload " + name + "; known: " + BY_NAME.keySet());
    return value;
  }
}
