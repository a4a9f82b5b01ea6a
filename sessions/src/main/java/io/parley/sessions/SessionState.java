package io.parley.sessions;

import io.parley.core.CborSerializable;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.ChatSession.AssistantMessageAppended;
import io.parley.sessions.ChatSession.SessionClosed;
import io.parley.sessions.ChatSession.SessionStarted;
import io.parley.sessions.ChatSession.UserMessageAppended;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lifecycle phases of a {@link ChatSession}: not started, open, closed. Each phase is an
 * immutable record; the transitions live here so the entity's event handler only dispatches.
 */
public sealed interface SessionState extends CborSerializable {

  Transcript transcript();

  /** No {@code SessionStarted} yet: the id was never used (or belongs to nobody in this tenant). */
  record NotStarted() implements SessionState {
    @Override
    public Transcript transcript() {
      return Transcript.empty();
    }

    public Open start(SessionStarted event) {
      return new Open(event.userId(), event.at(), Transcript.empty(), List.of());
    }
  }

  /**
   * Accepting messages. {@code pendingTurns} are the turn ids of user messages not answered yet,
   * oldest first: turns run one at a time, in this order, and survive a crash because they are
   * derived from persisted events.
   */
  record Open(Optional<String> userId, Instant startedAt, Transcript transcript, List<String> pendingTurns)
      implements SessionState {
    public Open {
      pendingTurns = List.copyOf(pendingTurns);
    }

    public Open appendUser(UserMessageAppended event) {
      ChatMessage message = new ChatMessage(event.seq(), Role.USER, event.text(), event.turnId(), event.at());
      List<String> turns = new ArrayList<>(pendingTurns);
      turns.add(event.turnId());
      return new Open(userId, startedAt, transcript.append(message, Optional.of(event.clientMsgId())), turns);
    }

    public Open appendAssistant(AssistantMessageAppended event) {
      ChatMessage message = new ChatMessage(event.seq(), Role.ASSISTANT, event.text(), event.turnId(), event.at());
      List<String> turns = new ArrayList<>(pendingTurns);
      turns.remove(event.turnId());
      return new Open(userId, startedAt, transcript.append(message, Optional.empty()), turns);
    }

    public Closed close(SessionClosed event) {
      return new Closed(userId, startedAt, transcript, event.at(), event.reason());
    }

    /** The user message the next turn answers, if any is waiting. */
    public Optional<ChatMessage> nextTurn() {
      if (pendingTurns.isEmpty()) return Optional.empty();
      String turnId = pendingTurns.get(0);
      return transcript.messages().stream()
          .filter(m -> m.role() == Role.USER && m.turnId().equals(turnId))
          .findFirst();
    }
  }

  /** Closed: the transcript is final; repeated requests are answered, new messages refused. */
  record Closed(Optional<String> userId, Instant startedAt, Transcript transcript, Instant closedAt, String reason)
      implements SessionState {}
}
