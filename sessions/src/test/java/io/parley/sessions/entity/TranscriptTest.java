package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TranscriptTest {
  private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

  private static ChatMessage user(long seq) {
    return new ChatMessage(seq, Role.USER, "q" + seq, "turn-" + seq, AT);
  }

  private static ChatMessage answer(long seq, long questionSeq) {
    return new ChatMessage(seq, Role.ASSISTANT, "a" + questionSeq, "turn-" + questionSeq, AT);
  }

  @Test
  void queuedQuestionsSeeEarlierAnswersInConversationOrder() {
    // Arrival order: q1, q2 and q3 while turn 1 ran, then the three answers.
    Transcript transcript = Transcript.empty()
        .append(user(1), Optional.of("c1")).append(user(2), Optional.of("c2")).append(user(3), Optional.of("c3"))
        .append(answer(4, 1), Optional.empty()).append(answer(5, 2), Optional.empty());
    assertEquals(List.of("q1"), texts(transcript.conversationUpTo(user(1))));
    assertEquals(List.of("q1", "a1", "q2"), texts(transcript.conversationUpTo(user(2))));
    assertEquals(List.of("q1", "a1", "q2", "a2", "q3"), texts(transcript.conversationUpTo(user(3))));
    assertEquals(Optional.of(user(3)), transcript.questionOf("turn-3"), "the question of a turn still to answer");
    assertEquals(Optional.of(answer(4, 1)), transcript.answerOf("turn-1"));
    assertEquals(Optional.empty(), transcript.questionOf("turn-4"), "an answer asks nothing");
  }

  @Test
  void resumeAndIdempotencyLookups() {
    Transcript transcript = Transcript.empty().append(user(1), Optional.of("c1")).append(answer(2, 1), Optional.empty());
    assertEquals(List.of(2L), transcript.after(1).stream().map(ChatMessage::seq).toList());
    assertEquals(List.of(), transcript.after(2));
    assertEquals(2, transcript.after(0).size());
    assertEquals(Optional.of(user(1)), transcript.byClientMsgId("c1"));
    assertEquals("a1", transcript.answerOf("turn-1").orElseThrow().text());
    assertThrows(IllegalStateException.class, () -> transcript.append(user(5), Optional.of("c5")), "seq must not skip");
  }

  private static List<String> texts(List<ChatMessage> messages) {
    return messages.stream().map(ChatMessage::text).toList();
  }
}
