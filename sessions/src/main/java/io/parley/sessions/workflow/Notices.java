package io.parley.sessions.workflow;

import io.parley.core.language.CustomerText;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Tells the user of a session something, as a system notice in its transcript. */
@FunctionalInterface
public interface Notices {
  /**
   * Posts the notice (idempotent on {@code noticeId}), which the session writes in its
   * conversation's language; false when the session is not open, so nobody can be told. Blocks.
   */
  boolean post(String tenant, String sessionId, String noticeId, CustomerText text) throws Exception;

  /** Notices through the sessions' {@link SessionCommand.PostNotice}; a refusal means the session is not open. */
  static Notices of(ChatSessions sessions, Duration timeout) {
    return (tenant, sessionId, noticeId, text) -> {
      try {
        sessions.entity(SessionId.of(tenant, sessionId))
            .<SessionCommand.Accepted>askWithStatus(replyTo -> new SessionCommand.PostNotice(noticeId, text, replyTo), timeout)
            .toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        return true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Refusal) return false;
        throw e;
      }
    };
  }
}
