package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.privacy.Placeholders;
import io.parley.core.prompt.ConversationTokenCounts;
import io.parley.core.prompt.TokenEstimator;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.turns.NextTurn;
import io.parley.sessions.turn.TurnRequest;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnRequestTest {
  private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void aGreetingNeitherAnswersNorKeepsTheFirstQuestionFromOpeningTheConversation() {
    Open open = new SessionState.NotStarted().start(new SessionStarted("acme", Optional.empty(), Channel.PHONE, AT))
        .appendAssistant(new AssistantMessageAppended(1, SessionCommand.PostGreeting.GREETING,
            "Hello, you are through to support.", AnswerSource.GREETING, Optional.empty(), AT))
        .appendUser(new UserMessageAppended(2, "voice/c1/1", "What is the status of my ticket?", "turn-2", AT));
    TurnRequest first = request(open, 2);
    assertTrue(first.opensConversation(), "the first question may still be answered from the cache");
    assertTrue(first.firstAnswer(), "and its answer is the first");

    Open later = open
        .appendAssistant(new AssistantMessageAppended(3, "turn-2", "It is open.", AnswerSource.LLM, Optional.empty(), AT))
        .appendUser(new UserMessageAppended(4, "voice/c1/2", "Thanks. When will it be solved?", "turn-4", AT));
    TurnRequest second = request(later, 4);
    assertFalse(second.opensConversation());
    assertFalse(second.firstAnswer());
  }

  private static TurnRequest request(Open open, long questionSeq) {
    return NextTurn.request(SessionId.random("acme"), open, open.transcript().bySeq(questionSeq).orElseThrow(),
        Placeholders.off(), new ConversationTokenCounts(new TokenEstimator()), Optional.empty());
  }
}
