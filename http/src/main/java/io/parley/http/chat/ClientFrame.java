package io.parley.http.chat;

import java.util.Optional;
import java.util.OptionalLong;

/** A frame a client sends over {@code /v1/chat/ws} (protocol v1), already validated. */
public sealed interface ClientFrame {
  /** First frame: a new session when {@code sessionId} is empty, else a resume after {@code resumeAfter}. */
  record Start(Optional<String> sessionId, OptionalLong resumeAfter, Optional<String> userId) implements ClientFrame {}

  record User(String clientMsgId, String text) implements ClientFrame {}

  record Close(Optional<String> reason) implements ClientFrame {}

  record Ping() implements ClientFrame {}
}
