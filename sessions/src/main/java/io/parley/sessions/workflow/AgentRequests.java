package io.parley.sessions.workflow;

import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Asks for a person in a session, as the customer's own request would (docs/handoff.md). */
@FunctionalInterface
public interface AgentRequests {
  /** Asks (nothing more happens while a person is already asked for or answering); false when the session is not open. Blocks. */
  boolean request(String tenant, String sessionId, HandoffTrigger trigger) throws Exception;

  /** Requests through the sessions' {@link SessionCommand.RequestAgent}; a refusal means the session is not open. */
  static AgentRequests of(ChatSessions sessions, Duration timeout) {
    return (tenant, sessionId, trigger) -> {
      try {
        sessions.entity(SessionId.of(tenant, sessionId))
            .<SessionInfo>askWithStatus(replyTo -> new SessionCommand.RequestAgent(trigger, replyTo), timeout)
            .toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        return true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Refusal) return false;
        throw e;
      }
    };
  }
}
