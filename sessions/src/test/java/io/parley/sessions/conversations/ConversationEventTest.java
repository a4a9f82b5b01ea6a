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

  @Test
  void eachKindOfEventNamesItsIdsAndNoTextNorPerson() throws Exception {
    assertEquals("{\"id\":\"d-1\",\"event\":\"conversation.started\",\"tenant\":\"acme\",\"conversationId\":\"" + ID.wireId()
        + "\",\"sequence\":1,\"at\":\"2026-03-02T10:00:00Z\",\"data\":{\"channel\":\"chat\"}}",
        body(started, Optional.empty(), 1));
    assertEquals(Optional.empty(), ConversationEvent.of(started, Optional.of(open)), "a start replayed onto its row");

    String user = body(new SessionEvent.UserMessageAppended(3, "c-2", "my card is 4111 1111", "turn-3", T0), Optional.of(open), 4);
    assertEquals("{\"role\":\"user\",\"seq\":3,\"turnId\":\"turn-3\",\"clientMsgId\":\"c-2\"}",
        JSON.readTree(user).get("data").toString());
    String answer = body(new SessionEvent.AssistantMessageAppended(4, "turn-3", "Your card ends in 1111", AnswerSource.LLM,
        Optional.empty(), T0), Optional.of(open), 5);
    assertEquals("{\"role\":\"assistant\",\"seq\":4,\"turnId\":\"turn-3\"}", JSON.readTree(answer).get("data").toString());
    String agent = body(new SessionEvent.AgentMessageAppended(5, "a-1", "agent-7", "Dana", "Refunded", T0), Optional.of(open), 6);
    assertEquals("{\"role\":\"agent\",\"seq\":5,\"clientMsgId\":\"a-1\"}", JSON.readTree(agent).get("data").toString());
    String asked = body(new SessionEvent.AgentRequested(HandoffTrigger.CUSTOMER_ASKED, T0), Optional.of(open), 7);
    assertEquals("handoff.requested", JSON.readTree(asked).get("event").asText());
    assertEquals("customer_asked", JSON.readTree(asked).get("data").get("trigger").asText());
    String taken = body(new SessionEvent.AgentJoined("agent-7", "Dana", T0), Optional.of(open), 8);
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
    assertEquals("conversation.closed", ConversationEvent.of(closed, Optional.of(open)).orElseThrow().name());
    ConversationRow afterClose = fold.next(open, closed);
    assertEquals(Optional.empty(), ConversationEvent.of(closed, Optional.of(afterClose)));
    ConversationEvent rating = ConversationEvent.of(rated, Optional.of(afterClose)).orElseThrow();
    assertEquals(Map.of("score", 4), rating.details(), "the score, not the comment");
    assertEquals(Optional.empty(), ConversationEvent.of(rated, Optional.of(fold.next(afterClose, rated))));
    assertEquals(Optional.empty(), ConversationEvent.of(closed, Optional.empty()), "a session not in the read model");
  }

  private static String body(SessionEvent event, Optional<ConversationRow> before, long sequence) throws Exception {
    return JSON.writeValueAsString(ConversationEvent.of(event, before).orElseThrow().body("d-1", ID, sequence));
  }
}
