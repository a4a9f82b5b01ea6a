package io.parley.voice;

import io.parley.sessions.SessionInfo;
import java.util.Optional;

/**
 * What a call says first, once: the edge's greeting (a phone call's), or the tenant's when its
 * configuration has one: on a phone call instead of the edge's, on a voice start only while the
 * conversation is still empty (later it would interrupt it). It waits for the session's
 * configuration, so it is spoken when the call has joined the session. Not thread-safe: one call's
 * actor.
 */
final class CallGreeting {
  private Optional<String> asked = Optional.empty();
  private boolean joined;
  private boolean greeted;

  /** The edge asks the call to greet with {@code text}; returns the greeting to speak now, if any. */
  Optional<String> asked(String text) {
    asked = Optional.of(text);
    return joined ? due() : Optional.empty();
  }

  /**
   * The session's configuration and lead score are known (again, after the session moved); returns
   * the greeting to speak now, if any.
   */
  Optional<String> joined(SessionInfo info) {
    Optional<String> tenantGreeting = info.botConfig().flatMap(pinned -> pinned.config().greeting());
    if (!joined && asked.isEmpty() && info.lastSeq() == 0) asked = tenantGreeting;
    asked = asked.map(edgeGreeting -> tenantGreeting.orElse(edgeGreeting));
    joined = true;
    return due();
  }

  /** The greeting as it stands, for the session to store once it begins to play. */
  String text() {
    return asked.orElseThrow();
  }

  private Optional<String> due() {
    if (greeted || asked.isEmpty()) return Optional.empty();
    greeted = true;
    return asked;
  }
}
