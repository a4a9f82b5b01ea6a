package io.parley.sessions.conversations;

import io.parley.core.bot.ConversationEvents;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.sessions.entity.SessionEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a tenant's webhook hears of one journal event ({@link ConversationEvents}): its name, when
 * it happened and its details. Details are ids, counts, roles and names of kinds, never text anyone
 * wrote nor who the customer or agent is. A repeated close or rating, which changes no row, is no event.
 */
record ConversationEvent(String name, Instant at, Map<String, Object> details) {

  /** The event {@code event} makes of the conversation, given its row before; none for the others. */
  static Optional<ConversationEvent> of(SessionEvent event, Optional<ConversationRow> before) {
    if (event instanceof SessionEvent.SessionStarted started) {
      return before.isPresent() ? Optional.empty()
          : Optional.of(new ConversationEvent(ConversationEvents.STARTED, started.at(), Map.of("channel", started.channel().wireName())));
    }
    if (before.isEmpty()) return Optional.empty();
    if (event instanceof SessionEvent.UserMessageAppended user) {
      return message(user.at(), "user", user.seq(), Optional.of(user.turnId()), Optional.of(user.clientMsgId()));
    } else if (event instanceof SessionEvent.AssistantMessageAppended answer) {
      return message(answer.at(), "assistant", answer.seq(), Optional.of(answer.turnId()), Optional.empty());
    } else if (event instanceof SessionEvent.AgentMessageAppended agent) {
      return message(agent.at(), "agent", agent.seq(), Optional.empty(), Optional.of(agent.clientMsgId()));
    } else if (event instanceof SessionEvent.AgentRequested asked) {
      return Optional.of(new ConversationEvent(ConversationEvents.HANDOFF_REQUESTED, asked.at(),
          Map.of("trigger", asked.trigger().name().toLowerCase(Locale.ROOT))));
    } else if (event instanceof SessionEvent.AgentJoined joined) {
      return Optional.of(new ConversationEvent(ConversationEvents.HANDOFF_TAKEN, joined.at(), Map.of()));
    } else if (event instanceof SessionEvent.Rated rated && before.get().rating().isEmpty()) {
      return Optional.of(new ConversationEvent(ConversationEvents.RATED, rated.at(), Map.of("score", rated.score())));
    } else if (event instanceof SessionEvent.SessionClosed closed && before.get().closedAt().isEmpty()) {
      return Optional.of(new ConversationEvent(ConversationEvents.CLOSED, closed.at(), Map.of()));
    }
    return Optional.empty();
  }

  private static Optional<ConversationEvent> message(Instant at, String role, long seq, Optional<String> turnId,
      Optional<String> clientMsgId) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("role", role);
    details.put("seq", seq);
    turnId.ifPresent(turn -> details.put("turnId", turn));
    clientMsgId.ifPresent(id -> details.put("clientMsgId", id));
    return Optional.of(new ConversationEvent(ConversationEvents.MESSAGE_CREATED, at, details));
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
