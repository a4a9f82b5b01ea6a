package io.parley.bench;

import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState;
import java.util.List;
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

  /** Every family the payloads belong to, for Kryo's registrations. */
  static final List<Class<?>> ROOTS = List.of(SessionState.class, SessionEvent.class, SessionUpdate.class);

  private Payloads() {}

  static Object named(String name) {
    Object value = BY_NAME.get(name);
    if (value == null) throw new IllegalArgumentException("no payload " + name + "; known: " + BY_NAME.keySet());
    return value;
  }
}
