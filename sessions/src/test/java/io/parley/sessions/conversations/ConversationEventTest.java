package io.parley.sessions.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.sessions.entity.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a tenant's webhook hears of each journal event: the kind, ids and counts, never text or a person. */
class ConversationEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final SessionId ID = SessionId.random("acme");
  private final ConversationFold fold = new ConversationFold(new ModelPrices(
      Map.of("primary", new ModelPrices.Price(1.0, 4.0)), "primary"));
  private final SessionEvent.SessionStarted started =
      new SessionEvent.SessionStarted("acme", Optional.of("ada@example.com"), Channel.CHAT, T0);
  private final ConversationRow open = fold.started(ID, started);
  /** The row once the customer wrote: a conversation. */
  private final ConversationRow talking = fold.next(open,
      new SessionEvent.UserMessageAppended(2, "c-1", "Hello", "turn-2", T0));

  @Test
  void theConversationStartsWithTheCustomersFirstMessageNotWithItsSession() throws Exception {
    assertEquals(List.of(), ConversationEvent.of(started, Optional.empty()), "a session opened is no conversation yet");
    SessionEvent.AssistantMessageAppended greeting = new SessionEvent.AssistantMessageAppended(2, "greeting",
        "Hi! How can I help?", AnswerSource.LLM, Optional.empty(), T0);
    assertEquals(List.of(), ConversationEvent.of(greeting, Optional.of(open)), "nor is a greeting nobody answered");
    SessionEvent.SessionClosed closed = new SessionEvent.SessionClosed("resolved", T0.plusSeconds(5));
    assertEquals(List.of(), ConversationEvent.of(closed, Optional.of(open)), "nor a session closed unwritten in");

    SessionEvent.UserMessageAppended first = new SessionEvent.UserMessageAppended(3, "c-1", "Hello", "turn-3",
        T0.plusSeconds(30));
    List<ConversationEvent> firstEvents = ConversationEvent.of(first, Optional.of(open));
    assertEquals(List.of("conversation.started", "message.created"), firstEvents.stream().map(ConversationEvent::name).toList());
    assertEquals("{\"id\":\"d-1\",\"event\":\"conversation.started\",\"tenant\":\"acme\",\"conversationId\":\""
        + ID.wireId() + "\",\"sequence\":2,\"at\":\"2026-03-02T10:00:30Z\",\"data\":{\"channel\":\"chat\"}}",
        JSON.writeValueAsString(firstEvents.get(0).body("d-1", ID, 2)));
    SessionEvent.UserMessageAppended second = new SessionEvent.UserMessageAppended(5, "c-2", "Thanks", "turn-5", T0);
    assertEquals(List.of("message.created"), ConversationEvent.of(second, Optional.of(fold.next(open, first))).stream()
        .map(ConversationEvent::name).toList(), "the conversation starts once");
  }

  @Test
  void eachKindOfEventNamesItsIdsAndNoTextNorPerson() throws Exception {
    String user = body(new SessionEvent.UserMessageAppended(3, "c-2", "my card is 4111 1111", "turn-3", T0), Optional.of(talking), 4);
    assertEquals("{\"role\":\"user\",\"seq\":3,\"turnId\":\"turn-3\",\"clientMsgId\":\"c-2\"}",
        JSON.readTree(user).get("data").toString());
    String answer = body(new SessionEvent.AssistantMessageAppended(4, "turn-3", "Your card ends in 1111", AnswerSource.LLM,
        Optional.empty(), T0), Optional.of(talking), 5);
    assertEquals("{\"role\":\"assistant\",\"seq\":4,\"turnId\":\"turn-3\"}", JSON.readTree(answer).get("data").toString());
    String agent = body(new SessionEvent.AgentMessageAppended(5, "a-1", "agent-7", "Dana", "Refunded", T0), Optional.of(talking), 6);
    assertEquals("{\"role\":\"agent\",\"seq\":5,\"clientMsgId\":\"a-1\"}", JSON.readTree(agent).get("data").toString());
    String asked = body(new SessionEvent.AgentRequested(HandoffTrigger.CUSTOMER_ASKED, T0), Optional.of(talking), 7);
    assertEquals("handoff.requested", JSON.readTree(asked).get("event").asText());
    assertEquals("customer_asked", JSON.readTree(asked).get("data").get("trigger").asText());
    String taken = body(new SessionEvent.AgentJoined("agent-7", "Dana", T0), Optional.of(talking), 8);
    assertEquals("{}", JSON.readTree(taken).get("data").toString());
    for (String body : new String[] {user, answer, agent, asked, taken}) {
      assertFalse(body.contains("4111") || body.contains("1111") || body.contains("Dana") || body.contains("agent-7")
          || body.contains("Refunded") || body.contains("ada@"), body);
    }
  }

  @Test
  void aRepeatedCloseOrRatingIsNoEventAndASessionWithoutARowHasNone() {
    SessionEvent.SessionClosed closed = new SessionEvent.SessionClosed("resolved", T0.plusSeconds(5));
    SessionEvent.Rated rated = new SessionEvent.Rated(4, Optional.of("great"), T0.plusSeconds(9));
    assertEquals("conversation.closed", ConversationEvent.of(closed, Optional.of(talking)).get(0).name());
    ConversationRow afterClose = fold.next(talking, closed);
    assertEquals(List.of(), ConversationEvent.of(closed, Optional.of(afterClose)));
    ConversationEvent rating = ConversationEvent.of(rated, Optional.of(afterClose)).get(0);
    assertEquals(Map.of("score", 4), rating.details(), "the score, not the comment");
    assertEquals(List.of(), ConversationEvent.of(rated, Optional.of(fold.next(afterClose, rated))));
    assertEquals(List.of(), ConversationEvent.of(closed, Optional.empty()), "a session not in the read model");
  }

  private static String body(SessionEvent event, Optional<ConversationRow> before, long sequence) throws Exception {
    List<ConversationEvent> events = ConversationEvent.of(event, before);
    return JSON.writeValueAsString(events.get(events.size() - 1).body("d-1", ID, sequence));
  }
}
