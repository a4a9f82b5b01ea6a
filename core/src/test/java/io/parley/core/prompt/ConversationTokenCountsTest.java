package io.parley.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.llm.PromptMessage;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTokenCountsTest {
  /** The estimator's counts, and how many texts it was asked to count. */
  private static final class CountingEstimator implements TokenCounter {
    private final TokenEstimator estimator = new TokenEstimator();
    int counted;

    @Override
    public int count(String text) {
      counted++;
      return estimator.count(text);
    }

    @Override
    public int count(PromptMessage message) {
      counted++;
      return estimator.count(message);
    }

    @Override
    public int requestOverhead() {
      return estimator.requestOverhead();
    }
  }

  private final CountingEstimator estimator = new CountingEstimator();

  @Test
  void aConversationsTurnsCountEachMessageOnceAndAssembleTheSamePrompts() {
    ConversationTokenCounts counts = new ConversationTokenCounts(estimator);
    PromptAssembler remembering = new PromptAssembler("You are a support assistant.", counts, new PromptBudget(8_192, 1_024));
    PromptAssembler plain = new PromptAssembler("You are a support assistant.", new TokenEstimator(), new PromptBudget(8_192, 1_024));
    List<ChatMessage> history = new ArrayList<>();
    int countedBefore = estimator.counted;
    for (int turn = 1; turn <= 50; turn++) {
      history.add(message(2 * turn - 1, Role.USER, "Where is order " + turn + "? It was due on Monday."));
      counts.nextTurn();
      assertEquals(plain.assemble(history), remembering.assemble(history));
      history.add(message(2 * turn, Role.ASSISTANT, "Order " + turn + " left the warehouse this morning."));
    }
    // Each question counted once, as the message being answered; each answer once, as history.
    assertEquals(50 + 49, estimator.counted - countedBefore);
  }

  @Test
  void aChangedTextIsCountedAgain() {
    ConversationTokenCounts counts = new ConversationTokenCounts(estimator);
    int full = counts.count(PromptMessage.assistant("Your refund was approved and will reach your card within five days."));
    int cut = counts.count(PromptMessage.assistant("Your refund was approved"));
    assertEquals(new TokenEstimator().count(PromptMessage.assistant("Your refund was approved")), cut);
    assertEquals(2, estimator.counted);
    assertEquals(full, counts.count(PromptMessage.assistant("Your refund was approved and will reach your card within five days.")));
    assertEquals(2, estimator.counted);
  }

  @Test
  void keepsWhatTheLastTwoTurnsCounted() {
    ConversationTokenCounts counts = new ConversationTokenCounts(estimator);
    counts.count("in the window");
    counts.count("left behind");
    counts.nextTurn();
    counts.count("in the window");
    counts.count("newest");
    assertEquals(3, estimator.counted);
    counts.nextTurn();
    // What the turn before counted is known; what only the turn before that counted is counted again.
    counts.count("in the window");
    counts.count("newest");
    assertEquals(3, estimator.counted);
    counts.count("left behind");
    assertEquals(4, estimator.counted);
  }

  private static ChatMessage message(long seq, Role role, String text) {
    return new ChatMessage(seq, role, text, "turn-" + ((seq + 1) / 2), Instant.parse("2026-11-23T10:00:00Z"));
  }
}
