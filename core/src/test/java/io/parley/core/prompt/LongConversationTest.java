package io.parley.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.PromptMessage;
import io.parley.core.memory.ExtractiveSummarizer;
import io.parley.core.memory.FactExtractor;
import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.memory.SeqRange;
import io.parley.core.memory.SummaryPolicy;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Session memory end to end, without actors: 300 turns (600 messages of realistic lengths) run
 * through fact extraction, the summary policy, the extractive summarizer and the assembler on a
 * small budget, as the session entity will run them.
 */
class LongConversationTest {
  private static final PromptBudget BUDGET = new PromptBudget(4_096, 512);
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private final TokenEstimator counter = new TokenEstimator();
  private final FactExtractor extractor = new FactExtractor();
  private final SummaryPolicy policy = SummaryPolicy.defaults(counter);
  private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer(counter, ExtractiveSummarizer.DEFAULT_MAX_TOKENS);
  private final MemorySections sections = MemorySections.defaults(counter);
  private final List<MemoryHit> memories = List.of(
      new MemoryHit(new MemoryEntry(MemoryEntry.EPISODIC, "episode",
          "The customer asked how to descale a kettle; the assistant sent the manual.", "s-1",
          Instant.parse("2026-01-10T12:00:00Z"), 0), 0.62));

  @Test
  void staysWithinBudgetAtEveryTurnAndStillKnowsWhatWasSaidFirst() {
    String system = SystemPrompt.fromResource("/prompts/support-agent.txt").render(Map.of(
        "assistant_name", "Parley", "company_name", "Example Shop", "today", "Monday, 2 March 2026"));
    PromptAssembler assembler = new PromptAssembler(system, counter, BUDGET);
    Conversation script = new Conversation(new Random(7));

    List<ChatMessage> transcript = new ArrayList<>();
    PinnedFacts facts = PinnedFacts.empty();
    String summary = "";
    long covered = 0;
    int folds = 0;
    int mostOmitted = 0;
    AssembledPrompt prompt = null;
    for (int turn = 1; turn <= 300; turn++) {
      String turnId = "t" + turn;
      ChatMessage question = message(transcript.size() + 1, Role.USER, script.question(turn), turnId);
      transcript.add(question);
      facts = facts.apply(extractor.extract(question), question.at()).facts();

      long summarizedThrough = covered;
      List<ChatMessage> history = transcript.stream().filter(m -> m.seq() > summarizedThrough).toList();
      Optional<String> rolling = summary.isEmpty() ? Optional.empty() : Optional.of(summary);
      prompt = assembler.assemble(sections.build(rolling, facts, memories), history);

      assertTrue(prompt.tokenCount() <= BUDGET.promptTokens(), "turn " + turn + ": " + prompt.tokenCount());
      assertEquals(counter.count(prompt.messages()), prompt.tokenCount());
      assertTrue(contents(prompt).stream().anyMatch(c -> c.startsWith(PinnedFacts.HEADING)),
          "turn " + turn + " lost the pinned facts");
      mostOmitted = Math.max(mostOmitted, prompt.omittedMessages());

      for (Optional<SeqRange> range = policy.nextRange(history, covered, prompt.omittedMessages());
          range.isPresent(); range = policy.nextRange(history, covered, prompt.omittedMessages())) {
        summary = summarizer.extend(summary, range.get().select(history));
        covered = range.get().toSeq();
        folds++;
      }

      ChatMessage answer = message(transcript.size() + 1, Role.ASSISTANT, script.answer(turn), turnId);
      transcript.add(answer);
      facts = facts.apply(extractor.extract(answer), answer.at()).facts();
    }

    assertEquals(600, transcript.size());
    assertTrue(folds > 30, "only " + folds + " summary updates");
    // What is neither summarised nor shown stays below the policy's threshold plus one turn's worth.
    assertTrue(mostOmitted < SummaryPolicy.DEFAULT_MIN_MESSAGES + 8, "gap of " + mostOmitted);

    String factsSection = contents(prompt).stream().filter(c -> c.startsWith(PinnedFacts.HEADING)).findFirst().orElseThrow();
    assertTrue(factsSection.contains("- customer_name: Ada Lovelace"), factsSection);
    assertTrue(factsSection.contains("- email: ada.lovelace@example.com"), factsSection);
    assertTrue(factsSection.contains("- order_number: A-77812"), factsSection);
    assertTrue(factsSection.contains("- ticket_number: T-4821"), factsSection);
    assertTrue(contents(prompt).stream().anyMatch(c -> c.startsWith(MemorySections.SUMMARY_HEADING)));
    // Nothing of the first turns is in the window any more: only the facts remember them.
    assertTrue(contents(prompt).stream().noneMatch(c -> c.contains("desk lamp arrived broken")));
  }

  private static List<String> contents(AssembledPrompt prompt) {
    return prompt.messages().stream().map(PromptMessage::content).toList();
  }

  private static ChatMessage message(long seq, Role role, String text, String turnId) {
    return new ChatMessage(seq, role, text, turnId, START.plusSeconds(30 * seq));
  }

  /** A support chat with the facts stated in its first turns and varied, realistic lengths after. */
  private static final class Conversation {
    private static final String[] TOPICS = {"delivery", "the replacement lamp", "the refund", "my account",
        "the return label", "the courier", "the invoice", "a discount code", "the warranty", "the bulb"};
    private static final String[] CUSTOMER = {
        "I checked the tracking page again this morning and it still shows the same status as yesterday.",
        "Could you tell me what the next step is, because I am not sure what I should do now?",
        "My neighbour said a driver came by, but nobody rang the bell and there was no card left.",
        "The box looked fine from the outside, but the glass shade inside was cracked in two places.",
        "I would prefer a replacement rather than a refund if that is possible at all.",
        "Is there a way to change the delivery address to my office for the next attempt?",
        "I tried the link in the email but it says the page has expired.",
        "How long does it usually take before the money shows up on my card?"};
    private static final String[] ASSISTANT = {
        "I understand how frustrating that is, and I'm sorry it has taken this long.",
        "From what you describe, the parcel is still with the courier and should be delivered on the next working day.",
        "A replacement can be sent as soon as the damaged item has been picked up, which usually takes two to three working days.",
        "The tracking status is updated by the courier, so a delay of a day between the scan and the page is normal.",
        "You can change the delivery address in your account under Orders, as long as the parcel has not been handed over yet.",
        "Refunds go back to the original payment method and usually appear within five to seven working days.",
        "The return label is valid for fourteen days, and a new one can be issued if it has expired.",
        "Photos of the damage help the warehouse team to process the claim faster."};

    private final Random random;

    Conversation(Random random) {
      this.random = random;
    }

    String question(int turn) {
      return switch (turn) {
        case 1 -> "Hi, my name is Ada Lovelace. I'm writing about order #A-77812: the desk lamp arrived broken.";
        case 2 -> "Sure, it's ada.lovelace@example.com.";
        default -> {
          StringBuilder text = new StringBuilder();
          if (random.nextInt(8) == 0) text.append("Hello again! ");
          text.append("About ").append(TOPICS[random.nextInt(TOPICS.length)]).append(": ");
          sentences(text, CUSTOMER, 1 + random.nextInt(4));
          if (turn % 60 == 0) {
            text.append("Here is the email I got:\n").append("> Your order is being processed. ".repeat(40));
          }
          if (turn % 75 == 0) text.append("Also, order ").append(5000 + turn).append(" is mine too.");
          if (random.nextInt(10) == 0) text.append("Thanks!");
          yield text.toString().strip();
        }
      };
    }

    String answer(int turn) {
      return switch (turn) {
        case 1 -> "I'm sorry to hear that, Ada. Could you share your email address so we can send you a return label?";
        case 2 -> "Thank you. I've created ticket T-4821 for the broken lamp. We'll email you a return label by Friday.";
        default -> {
          StringBuilder text = new StringBuilder();
          sentences(text, ASSISTANT, 2 + random.nextInt(5));
          if (turn % 25 == 0) text.append("I'll send you an update about ").append(TOPICS[turn % TOPICS.length]).append(" tomorrow.");
          if (random.nextInt(6) == 0) text.append("Is there anything else I can help with?");
          yield text.toString().strip();
        }
      };
    }

    /** Appends {@code count} sentences picked at random from {@code from}. */
    private void sentences(StringBuilder text, String[] from, int count) {
      for (int i = 0; i < count; i++) text.append(from[random.nextInt(from.length)]).append(' ');
    }
  }
}
