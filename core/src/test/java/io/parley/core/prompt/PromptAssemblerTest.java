package io.parley.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.PromptMessage;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptAssemblerTest {
  private static final String SYSTEM = "You are a helpful support assistant.";

  /** One token per character and per message, so that boundaries are easy to compute. */
  private static final class CharacterCounter implements TokenCounter {
    @Override
    public int count(String text) {
      return text.length();
    }

    @Override
    public int count(PromptMessage message) {
      return 1 + message.content().length();
    }

    @Override
    public int requestOverhead() {
      return 0;
    }
  }

  private final TokenEstimator estimator = new TokenEstimator();

  @Test
  void keepsTheWholeConversationWhenItFits() {
    List<ChatMessage> history = conversation(3);
    AssembledPrompt prompt = assembler(estimator, 4000).assemble(history);

    assertEquals(
        List.of(
            PromptMessage.system(SYSTEM),
            PromptMessage.user(history.get(0).text()),
            PromptMessage.assistant(history.get(1).text()),
            PromptMessage.user(history.get(2).text())),
        prompt.messages());
    assertEquals(3, prompt.includedMessages());
    assertEquals(0, prompt.omittedMessages());
    assertEquals(estimator.count(prompt.messages()), prompt.tokenCount());
  }

  @Test
  void keepsTheNewestMessagesVerbatimWithinBudgetForALongConversation() {
    List<ChatMessage> history = conversation(600);
    PromptBudget budget = new PromptBudget(2048, 512);
    AssembledPrompt prompt = new PromptAssembler(SYSTEM, estimator, budget).assemble(history);

    assertTrue(prompt.tokenCount() <= budget.promptTokens());
    assertEquals(estimator.count(prompt.messages()), prompt.tokenCount());
    assertTrue(prompt.omittedMessages() > 0);
    assertEquals(history.size(), prompt.omittedMessages() + prompt.includedMessages());
    assertEquals(PromptMessage.system(SYSTEM), prompt.messages().get(0));
    assertSuffixOf(history, prompt);
    // The next older message would not have fitted.
    ChatMessage next = history.get(prompt.omittedMessages() - 1);
    assertTrue(prompt.tokenCount() + estimator.count(PromptMessage.user(next.text()))
        > budget.promptTokens());
  }

  @Test
  void aLongOlderMessageEndsTheHistoryEvenIfOlderOnesWouldFit() {
    List<ChatMessage> history = List.of(
        message(1, Role.USER, "hi"),
        message(2, Role.ASSISTANT, "x".repeat(700)),
        message(3, Role.USER, "ok"));
    // System 1+36, latest 1+2; the long answer does not fit, "hi" would.
    AssembledPrompt prompt = assembler(new CharacterCounter(), 600).assemble(history);

    assertEquals(List.of(PromptMessage.system(SYSTEM), PromptMessage.user("ok")), prompt.messages());
    assertEquals(2, prompt.omittedMessages());
    assertEquals(1, prompt.includedMessages());
  }

  @Test
  void countsEachMessageAsItIsSentWhenItsPlaceholdersAreLongerThanTheText() {
    // The order number goes out as its placeholder, two characters longer each time.
    java.util.function.UnaryOperator<PromptMessage> outgoing =
        message -> new PromptMessage(message.role(), message.content().replace("A-77812", "[ORDER_1]"),
            message.toolCalls(), message.toolCallId());
    List<ChatMessage> history = List.of(
        message(1, Role.USER, "A-77812".repeat(10)),
        message(2, Role.ASSISTANT, "x".repeat(488)),
        message(3, Role.USER, "ok"));
    // System 1+36, latest 1+2, the answer 1+488: 530. The first message is 1+70 as written, exactly
    // the 600 left, but 1+90 as sent.
    AssembledPrompt prompt = assembler(new CharacterCounter(), 600).assemble(List.of(), history, outgoing);

    assertEquals(1, prompt.omittedMessages());
    int sent = prompt.messages().stream().mapToInt(new CharacterCounter()::count).sum();
    assertTrue(sent <= 600, "the prompt sent takes " + sent + " of 600 tokens");
    assertEquals(sent, prompt.tokenCount());
  }

  @Test
  void cutsTheMiddleOfALatestMessageTooLongForTheBudget() {
    String head = "Here is the error log from the checkout page:\n";
    String tail = "\nWhy does my payment keep failing?";
    String paste = head + "ERROR PaymentGateway timeout after 30000 ms\n".repeat(2000) + tail;
    List<ChatMessage> history = List.of(
        message(1, Role.USER, "hello"),
        message(2, Role.ASSISTANT, "Hi! How can I help?"),
        message(3, Role.USER, paste));
    PromptBudget budget = new PromptBudget(2048, 512);
    AssembledPrompt prompt = new PromptAssembler(SYSTEM, estimator, budget).assemble(history);

    PromptMessage latest = prompt.messages().get(prompt.messages().size() - 1);
    assertEquals("user", latest.role());
    assertTrue(latest.content().startsWith(head), latest.content());
    assertTrue(latest.content().endsWith(tail), latest.content());
    assertTrue(latest.content().contains("characters cut from the middle of this message"));
    assertTrue(prompt.tokenCount() <= budget.promptTokens());
    // Nearly all of the room goes to the message: the cut keeps as much as fits.
    assertTrue(prompt.tokenCount() > budget.promptTokens() - 20, "" + prompt.tokenCount());
    assertEquals(1, prompt.includedMessages());
    assertEquals(2, prompt.omittedMessages());
  }

  @Test
  void cutsOnCodePointBoundaries() {
    String emoji = "👍".repeat(3000);
    AssembledPrompt prompt =
        assembler(estimator, 1500).assemble(List.of(message(1, Role.USER, emoji)));
    String content = prompt.messages().get(1).content();
    assertTrue(content.startsWith("👍") && content.endsWith("👍"));
    assertTrue(content.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE
        && cp <= Character.MAX_SURROGATE), "a lone surrogate was left at a cut");
  }

  @Test
  void countsContextSectionsBeforeHistoryAndPlacesThemAfterTheSystemPrompt() {
    List<ChatMessage> history = conversation(200);
    PromptAssembler assembler = assembler(estimator, 3000);
    PromptMessage summary =
        PromptMessage.system("Summary so far: " + "the customer asked about shoes. ".repeat(30));

    AssembledPrompt without = assembler.assemble(history);
    AssembledPrompt with = assembler.assemble(List.of(new ContextSection(summary, 0)), history);

    assertEquals(summary, with.messages().get(1));
    assertTrue(with.includedMessages() < without.includedMessages());
    assertTrue(with.tokenCount() <= 3000);
    assertEquals(estimator.count(with.messages()), with.tokenCount());
    assertEquals(0, with.omittedSections());
  }

  @Test
  void leavesOutASectionThatWouldCrowdOutTheLatestMessage() {
    // 700 tokens: system 37, latest 301; the 401-token section would leave it too little.
    PromptMessage large = PromptMessage.system("y".repeat(400));
    PromptMessage small = PromptMessage.system("Pinned: prefers e-mail.");
    assertKeptBeforeALatestMessageOf300(List.of(new ContextSection(large, 1), new ContextSection(small, 0)),
        List.of(small));
  }

  @Test
  void keepsASectionAndCutsAPasteLongerThanHalfTheRoom() {
    // 700 tokens: system 37, so the paste is promised 331; the section takes 301 and the
    // paste gets the remaining 362.
    PromptMessage section = PromptMessage.system("y".repeat(300));
    List<ChatMessage> history = List.of(message(1, Role.USER, "z".repeat(2000)));
    AssembledPrompt prompt =
        assembler(new CharacterCounter(), 700).assemble(List.of(new ContextSection(section, 0)), history);

    assertEquals(section, prompt.messages().get(1));
    assertEquals(0, prompt.omittedSections());
    assertEquals(700, prompt.tokenCount());
    assertTrue(prompt.messages().get(2).content().contains("characters cut from the middle"));
  }

  @Test
  void givesRoomByPriorityButPlacesSectionsInListOrder() {
    // 700 tokens: system 37, latest 1+300; room for 362 more: the two sections of priority 2
    // and 1 (201 + 101) fit, the 151-token one of priority 0 does not, though it comes first.
    PromptMessage memory = PromptMessage.system("m".repeat(150));
    PromptMessage summary = PromptMessage.system("s".repeat(100));
    PromptMessage facts = PromptMessage.system("f".repeat(200));
    assertKeptBeforeALatestMessageOf300(
        List.of(new ContextSection(memory, 0), new ContextSection(summary, 1), new ContextSection(facts, 2)),
        List.of(summary, facts));
  }

  @Test
  void equalPrioritiesGetRoomInListOrderAndIdenticalSectionsCountSeparately() {
    PromptMessage section = PromptMessage.system("y".repeat(200));
    // Room for one 201-token section besides the system prompt and the latest message.
    assertKeptBeforeALatestMessageOf300(List.of(new ContextSection(section, 0), new ContextSection(section, 0)),
        List.of(section));
  }

  @Test
  void aContextSectionIsASystemMessage() {
    assertThrows(IllegalArgumentException.class,
        () -> new ContextSection(PromptMessage.user("hi"), 0));
    assertEquals(PromptMessage.system("x"), ContextSection.system("x", 3).message());
  }

  @Test
  void mapsRolesAndSkipsToolMessages() {
    List<ChatMessage> history = List.of(
        message(1, Role.SYSTEM, "The customer switched to voice."),
        message(2, Role.USER, "Track my order"),
        message(3, Role.TOOL, "{\"status\":\"shipped\"}"),
        message(4, Role.ASSISTANT, "It has shipped."),
        message(5, Role.USER, "Thanks"));
    AssembledPrompt prompt = assembler(estimator, 4000).assemble(history);

    assertEquals(
        List.of(
            PromptMessage.system(SYSTEM),
            PromptMessage.system("The customer switched to voice."),
            PromptMessage.user("Track my order"),
            PromptMessage.assistant("It has shipped."),
            PromptMessage.user("Thanks")),
        prompt.messages());
    assertEquals(4, prompt.includedMessages());
    assertEquals(0, prompt.omittedMessages());
  }

  @Test
  void rejectsAHistoryThatDoesNotEndWithAUserMessage() {
    PromptAssembler assembler = assembler(estimator, 4000);
    assertThrows(IllegalArgumentException.class, () -> assembler.assemble(List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> assembler.assemble(List.of(message(1, Role.ASSISTANT, "Hello"))));
  }

  @Test
  void rejectsASystemPromptThatLeavesNoRoomForTheCustomer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PromptAssembler("w ".repeat(2000), estimator, new PromptBudget(2048, 512)));
    assertTrue(e.getMessage().contains("system prompt"), e.getMessage());
  }

  @Test
  void budgetKeepsRoomForTheAnswer() {
    assertEquals(6000, new PromptBudget(8192, 2192).promptTokens());
    assertThrows(IllegalArgumentException.class, () -> new PromptBudget(1024, 1024));
    assertThrows(IllegalArgumentException.class, () -> new PromptBudget(1024, 0));
  }

  /**
   * Assembles {@code sections} before a latest message of 300 characters in 700 tokens of a
   * character each: the prompt holds the system prompt, {@code kept} and the latest message, and
   * counts the other sections as left out.
   */
  private static void assertKeptBeforeALatestMessageOf300(List<ContextSection> sections, List<PromptMessage> kept) {
    PromptMessage latest = PromptMessage.user("z".repeat(300));
    AssembledPrompt prompt = assembler(new CharacterCounter(), 700)
        .assemble(sections, List.of(message(1, Role.USER, latest.content())));
    List<PromptMessage> expected = new ArrayList<>();
    expected.add(PromptMessage.system(SYSTEM));
    expected.addAll(kept);
    expected.add(latest);
    assertEquals(expected, prompt.messages());
    assertEquals(sections.size() - kept.size(), prompt.omittedSections());
  }

  private static PromptAssembler assembler(TokenCounter counter, int promptTokens) {
    return new PromptAssembler(SYSTEM, counter, new PromptBudget(promptTokens + 1000, 1000));
  }

  private static void assertSuffixOf(List<ChatMessage> history, AssembledPrompt prompt) {
    List<PromptMessage> expected = new ArrayList<>();
    for (ChatMessage m : history.subList(prompt.omittedMessages(), history.size())) {
      expected.add(new PromptMessage(m.role().wireName(), m.text()));
    }
    assertEquals(expected, prompt.messages().subList(1, prompt.messages().size()));
  }

  /** Alternating user and assistant messages of varied length, ending with a user message. */
  private static List<ChatMessage> conversation(int size) {
    List<ChatMessage> history = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      boolean user = (size - 1 - i) % 2 == 0;
      String text = (user ? "Question " : "Answer ") + i + ": " + "about my order ".repeat(i % 7 + 1);
      history.add(message(i + 1, user ? Role.USER : Role.ASSISTANT, text.strip()));
    }
    return history;
  }

  private static ChatMessage message(long seq, Role role, String text) {
    return new ChatMessage(seq, role, text, "turn-" + seq, Instant.EPOCH);
  }
}
