package io.parley.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.ToolCall;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ReplyOption;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The suggest_replies tool of a turn: offered only when turned on, taken out of the model's answer, its options kept. */
class SuggestedRepliesTest {
  private static final String TWO = "{\"options\": [{\"label\": \"Yes\", \"value\": \"Yes, please\"}, {\"label\": \"No\", \"value\": \"No\"}]}";

  private static LlmAnswer answer(String text, ToolCall... calls) {
    return new LlmAnswer(text, Optional.empty(), "tool_calls", 1, List.of(calls));
  }

  @Test
  void aTenantThatTurnedItOnHasItOfferedAndItsCallsTakenOutOfTheAnswer() {
    SuggestedReplies replies = new SuggestedReplies(true, Placeholders.off());
    assertEquals(List.of("suggest_replies"), replies.offer(List.of()).stream().map(spec -> spec.name()).toList());
    ToolCall other = new ToolCall("call-2", "kb_search", "{\"query\": \"returns\"}");
    LlmAnswer rest = replies.take(answer("Shall I?", new ToolCall("call-1", "suggest_replies", TWO), other));
    assertEquals(List.of(other), rest.toolCalls());
    assertEquals("Shall I?", rest.text());
    assertEquals(List.of(new ReplyOption("Yes", "Yes, please"), new ReplyOption("No", "No")), replies.options());
    assertFalse(replies.onlySuggested(answer("Shall I?", new ToolCall("call-1", "suggest_replies", TWO))));
    assertTrue(replies.onlySuggested(answer("", new ToolCall("call-1", "suggest_replies", TWO))));
  }

  @Test
  void aCallWithBadOptionsKeepsNoneAndTheModelReadsWhy() {
    SuggestedReplies replies = new SuggestedReplies(true, Placeholders.off());
    String eleven = "{\"options\": [" + String.join(",", Collections.nCopies(11, "{\"label\": \"Yes\"}")) + "]}";
    ToolCall tooMany = new ToolCall("call-1", "suggest_replies", eleven);
    replies.take(answer("Hello", tooMany));
    assertEquals(List.of(), replies.options());
    assertTrue(replies.resultOf(tooMany).contains("options: at most 10 options"), replies.resultOf(tooMany));
    assertTrue(replies.resultOf(new ToolCall("call-2", "suggest_replies", "{oops")).contains("not JSON"));
    assertTrue(replies.resultOf(new ToolCall("call-3", "suggest_replies", TWO)).contains("\"shown\":true"));
  }

  @Test
  void aTenantThatDidNotTurnItOnIsNotOfferedItAndTheCallStaysForTheRegistryToRefuse() {
    SuggestedReplies replies = new SuggestedReplies(false, Placeholders.off());
    assertEquals(List.of(), replies.offer(List.of()));
    LlmAnswer asked = answer("", new ToolCall("call-1", "suggest_replies", TWO));
    assertSame(asked, replies.take(asked));
    assertFalse(replies.onlySuggested(asked));
    assertEquals(List.of(), replies.options());
  }
}
