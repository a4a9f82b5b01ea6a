package io.parley.sessions.conversations;

import io.parley.core.bot.ConversationEvents;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.sessions.entity.SessionEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a tenant's webhook hears of one journal event ({@link ConversationEvents}): its name, when
 * it happened and its details. Details are ids, counts, roles and names of kinds, never text anyone
 * wrote nor who the customer or agent is. A repeated close or rating, which changes no row, is no event.
 */
record ConversationEvent(String name, Instant at, Map<String, Object> details) {

  /**
   * The events {@code event} makes of the conversation, given its row before, in order; none for the
   * others. A conversation starts with the customer's first message, not with its session: a page
   * that opened a session nobody wrote in is no conversation, so nothing of it is an event. The
   * start is then told just before that message ({@link #startedBy}).
   */
  static List<ConversationEvent> of(SessionEvent event, Optional<ConversationRow> before) {
    if (before.isEmpty() || event instanceof SessionEvent.SessionStarted) return List.of();
    boolean begun = before.get().userMessages() > 0;
    if (event instanceof SessionEvent.UserMessageAppended user) {
      ConversationEvent message = message(user.at(), "user", user.seq(), Optional.of(user.turnId()),
          Optional.of(user.clientMsgId()));
      return begun ? List.of(message) : List.of(startedBy(user, before.get()), message);
    }
    if (!begun) return List.of();
    return other(event, before.get()).stream().toList();
  }

  /**
   * The conversation's start, at its first message. Its delivery takes the journal place just before
   * the message's, which is an event of the session before the conversation began, so of no delivery.
   */
  private static ConversationEvent startedBy(SessionEvent.UserMessageAppended first, ConversationRow before) {
    return new ConversationEvent(ConversationEvents.STARTED, first.at(), Map.of("channel", before.channel()));
  }

  private static Optional<ConversationEvent> other(SessionEvent event, ConversationRow before) {
    if (event instanceof SessionEvent.AssistantMessageAppended answer) {
      return Optional.of(message(answer.at(), "assistant", answer.seq(), Optional.of(answer.turnId()), Optional.empty()));
    } else if (event instanceof SessionEvent.AgentMessageAppended agent) {
      return Optional.of(message(agent.at(), "agent", agent.seq(), Optional.empty(), Optional.of(agent.clientMsgId())));
    } else if (event instanceof SessionEvent.AgentRequested asked) {
      return Optional.of(new ConversationEvent(ConversationEvents.HANDOFF_REQUESTED, asked.at(),
          Map.of("trigger", asked.trigger().name().toLowerCase(Locale.ROOT))));
    } else if (event instanceof SessionEvent.AgentJoined joined) {
      return Optional.of(new ConversationEvent(ConversationEvents.HANDOFF_TAKEN, joined.at(), Map.of()));
    } else if (event instanceof SessionEvent.Rated rated && before.rating().isEmpty()) {
      return Optional.of(new ConversationEvent(ConversationEvents.RATED, rated.at(), Map.of("score", rated.score())));
    } else if (event instanceof SessionEvent.SessionClosed closed && before.closedAt().isEmpty()) {
      return Optional.of(new ConversationEvent(ConversationEvents.CLOSED, closed.at(), Map.of()));
    }
    return Optional.empty();
  }

  private static ConversationEvent message(Instant at, String role, long seq, Optional<String> turnId,
      Optional<String> clientMsgId) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("role", role);
    details.put("seq", seq);
    turnId.ifPresent(turn -> details.put("turnId", turn));
    clientMsgId.ifPresent(id -> details.put("clientMsgId", id));
    return new ConversationEvent(ConversationEvents.MESSAGE_CREATED, at, details);
  }

  /**
   * The signed body: the delivery's id, the event, the tenant, the conversation, the event's place
   * in the conversation ({@code sequence}, increasing) and the details.
   */
  Map<String, Object> body(String deliveryId, SessionId session, long sequence) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", deliveryId);
    body.put("event", name);
    body.put("tenant", session.tenant());
    body.put("conversationId", session.wireId());
    body.put("sequence", sequence);
    body.put("at", at.toString());
    body.put("data", details);
    return body;
  }
}
