package io.parley.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.PromptMessage;
import io.parley.core.memory.ExtractedFact;
import io.parley.core.memory.FactKind;
import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemorySectionsTest {
  private static final Instant MAY = Instant.parse("2026-05-03T09:30:00Z");
  private final TokenEstimator counter = new TokenEstimator();
  private final MemorySections sections = MemorySections.defaults(counter);
  private final PinnedFacts facts = PinnedFacts.empty().apply(List.of(
      new ExtractedFact(FactKind.CUSTOMER_NAME, "Ada Lovelace", 1),
      new ExtractedFact(FactKind.EMAIL, "ada@example.com", 1)), MAY).facts();

  @Test
  void placesMemoryThenSummaryThenFactsAndGivesTheFactsTheMostRoom() {
    List<MemoryHit> memories = List.of(
        hit(MemoryEntry.EPISODIC, "episode", "The customer returned a kettle; the refund was paid.", 0.8),
        hit(MemoryEntry.SEMANTIC, "order_number", "9001", 0.7));
    List<ContextSection> built = sections.build(Optional.of("Customer: Where is order 1042?"), facts, memories);

    assertEquals(List.of(
            ContextSection.system("""
                From earlier conversations with this customer:
                - 2026-05-03: The customer returned a kettle; the refund was paid.
                - order_number: 9001 (2026-05-03)""", MemorySections.MEMORY_PRIORITY),
            ContextSection.system("""
                Summary of the conversation so far:
                Customer: Where is order 1042?""", MemorySections.SUMMARY_PRIORITY),
            ContextSection.system("""
                Known facts about this conversation:
                - customer_name: Ada Lovelace
                - email: ada@example.com""", MemorySections.FACTS_PRIORITY)),
        built);
    assertTrue(MemorySections.FACTS_PRIORITY > MemorySections.SUMMARY_PRIORITY
        && MemorySections.SUMMARY_PRIORITY > MemorySections.MEMORY_PRIORITY);
  }

  @Test
  void leavesOutEmptyPartsAndRememberedFactsThatArePinnedAlready() {
    List<MemoryHit> memories = List.of(hit(MemoryEntry.SEMANTIC, "email", "ADA@example.com", 0.9));
    assertEquals(List.of(), sections.build(Optional.of("  "), PinnedFacts.empty(), List.of()));
    assertEquals(List.of(MemorySections.FACTS_PRIORITY),
        sections.build(Optional.empty(), facts, memories).stream().map(ContextSection::priority).toList());
  }

  @Test
  void keepsTheBestMemoriesThatFitItsCap() {
    List<MemoryHit> memories = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      memories.add(hit(MemoryEntry.EPISODIC, "episode", "Past conversation " + i + ": " + "details ".repeat(20), 1 - i / 100.0));
    }
    String memory = sections.build(Optional.empty(), PinnedFacts.empty(), memories).get(0).message().content();
    assertTrue(counter.count(PromptMessage.system(memory)) <= MemorySections.DEFAULT_MAX_MEMORY_TOKENS);
    assertTrue(memory.contains("Past conversation 0:") && !memory.contains("Past conversation 29:"), memory);
  }

  @Test
  void whenTheBudgetIsShortTheFactsAreKeptBeforeTheSummaryAndTheSummaryBeforeMemory() {
    PromptAssembler assembler = new PromptAssembler("You are a support assistant.", counter, new PromptBudget(1_300, 300));
    List<ChatMessage> history = List.of(new ChatMessage(9, Role.USER, "word ".repeat(600), "t9", MAY));
    List<MemoryHit> memories = List.of(hit(MemoryEntry.EPISODIC, "episode", "kettle ".repeat(150), 0.9));
    String summary = "Customer: asked about order 1042. ".repeat(40);

    AssembledPrompt prompt = assembler.assemble(sections.build(Optional.of(summary), facts, memories), history);

    List<String> contents = prompt.messages().stream().map(PromptMessage::content).toList();
    assertTrue(contents.stream().anyMatch(c -> c.startsWith(PinnedFacts.HEADING)), "" + contents);
    assertTrue(contents.stream().anyMatch(c -> c.startsWith(MemorySections.SUMMARY_HEADING)), "" + contents);
    assertTrue(contents.stream().noneMatch(c -> c.startsWith(MemorySections.MEMORY_HEADING)), "" + contents);
    assertEquals(1, prompt.omittedSections());
    assertTrue(prompt.tokenCount() <= 1_000);

    AssembledPrompt shorter = assembler.assemble(
        sections.build(Optional.of(summary.repeat(2)), facts, memories), history);
    List<String> kept = shorter.messages().stream().map(PromptMessage::content).toList();
    // The summary no longer fits; the smaller memory section then does, before the facts.
    assertEquals(1, shorter.omittedSections());
    assertTrue(kept.get(1).startsWith(MemorySections.MEMORY_HEADING), "" + kept);
    assertTrue(kept.get(2).startsWith(PinnedFacts.HEADING), "" + kept);
  }

  private static MemoryHit hit(String kind, String name, String text, double score) {
    return new MemoryHit(new MemoryEntry(kind, name, text, "s-old", MAY, 0), score);
  }
}
