package io.parley.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.core.llm.PromptMessage;
import io.parley.core.prompt.TokenEstimator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PinnedFactsTest {
  private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-01T10:05:00Z");

  @Test
  void pinsNewFactsAndReportsEachChange() {
    PinnedFacts.Applied applied = pinnedOnNone(
        fact(FactKind.ORDER_NUMBER, "1042", 1),
        fact(FactKind.CUSTOMER_NAME, "Ada Lovelace", 1),
        fact(FactKind.EMAIL, "ada@example.com", 1));

    assertEquals(List.of(
            new FactChange.Pinned(new PinnedFact("order_number", "1042", 1, T1)),
            new FactChange.Pinned(new PinnedFact("customer_name", "Ada Lovelace", 1, T1)),
            new FactChange.Pinned(new PinnedFact("email", "ada@example.com", 1, T1))),
        applied.changes());
    // Shown in kind order, whatever order they were stated in.
    assertEquals(List.of("customer_name", "email", "order_number"),
        applied.facts().current().stream().map(PinnedFact::name).toList());
    assertEquals(Optional.of("ada@example.com"), applied.facts().get(FactKind.EMAIL).map(PinnedFact::value));
  }

  @Test
  void aNewEmailSupersedesTheOldOneWhichIsKept() {
    PinnedFacts facts = pinned(fact(FactKind.EMAIL, "ada@example.com", 1));
    PinnedFacts.Applied applied = facts.apply(List.of(fact(FactKind.EMAIL, "ada@newmail.org", 9)), T2);

    PinnedFact old = new PinnedFact("email", "ada@example.com", 1, T1);
    PinnedFact replacement = new PinnedFact("email", "ada@newmail.org", 9, T2);
    assertEquals(List.of(new FactChange.Superseded(old, replacement)), applied.changes());
    assertEquals(List.of(replacement), applied.facts().current());
    assertEquals(List.of(old), applied.facts().superseded());
  }

  @Test
  void aRestatedFactIsNoChange() {
    PinnedFacts facts = pinned(
        fact(FactKind.EMAIL, "ada@example.com", 1),
        fact(FactKind.PHONE, "+44 7700 900123", 1),
        fact(FactKind.ORDER_NUMBER, "A-77812", 1),
        fact(FactKind.COMMITMENT, "We'll email you by Friday.", 2));

    PinnedFacts.Applied again = facts.apply(List.of(
        fact(FactKind.EMAIL, "ADA@example.com", 5),
        fact(FactKind.PHONE, "+447700900123", 5),
        fact(FactKind.ORDER_NUMBER, "a-77812", 5),
        fact(FactKind.COMMITMENT, "We'll  email you by Friday", 6)), T2);

    assertEquals(List.of(), again.changes());
    assertEquals(facts, again.facts());
  }

  @Test
  void multiValuedKindsAccumulate() {
    PinnedFacts facts = pinned(
        fact(FactKind.ORDER_NUMBER, "1042", 1),
        fact(FactKind.ORDER_NUMBER, "1043", 3),
        fact(FactKind.TICKET_NUMBER, "T-1", 4),
        fact(FactKind.ORDER_NUMBER, "1042", 5));

    assertEquals(List.of("1042", "1043"), facts.all(FactKind.ORDER_NUMBER).stream().map(PinnedFact::value).toList());
    assertEquals(List.of(), facts.superseded());
  }

  @Test
  void twoValuesOfASingleValuedKindInOneBatchLeaveTheLaterOne() {
    PinnedFacts.Applied applied = pinnedOnNone(
        fact(FactKind.EMAIL, "first@example.com", 1),
        fact(FactKind.EMAIL, "second@example.com", 1));

    assertEquals(2, applied.changes().size());
    assertTrue(applied.changes().get(1) instanceof FactChange.Superseded);
    assertEquals("second@example.com", applied.facts().get(FactKind.EMAIL).orElseThrow().value());
  }

  @Test
  void replayingTheChangesOneByOneGivesTheSameFacts() {
    PinnedFacts.Applied first = pinnedOnNone(
        fact(FactKind.CUSTOMER_NAME, "Ada", 1), fact(FactKind.EMAIL, "a@example.com", 1));
    PinnedFacts.Applied second = first.facts().apply(List.of(
        fact(FactKind.CUSTOMER_NAME, "Ada Lovelace", 3), fact(FactKind.ORDER_NUMBER, "1042", 3)), T2);

    PinnedFacts replayed = PinnedFacts.empty();
    for (FactChange change : first.changes()) replayed = replayed.apply(change);
    for (FactChange change : second.changes()) replayed = replayed.apply(change);

    assertEquals(second.facts(), replayed);
  }

  @Test
  void eventsOutOfOrderAreABrokenInvariant() {
    PinnedFact email = new PinnedFact("email", "a@example.com", 1, T1);
    PinnedFact other = new PinnedFact("email", "b@example.com", 2, T1);
    assertThrows(IllegalStateException.class,
        () -> PinnedFacts.empty().apply(new FactChange.Superseded(email, other)));
    PinnedFacts withEmail = PinnedFacts.empty().apply(new FactChange.Pinned(email));
    assertThrows(IllegalStateException.class, () -> withEmail.apply(new FactChange.Pinned(other)));
    assertThrows(IllegalArgumentException.class,
        () -> new FactChange.Superseded(email, new PinnedFact("phone", "123", 2, T1)));
  }

  @Test
  void rendersACompactSection() {
    PinnedFacts facts = pinned(
        fact(FactKind.CUSTOMER_NAME, "Ada Lovelace", 1),
        fact(FactKind.ORDER_NUMBER, "1042", 1),
        fact(FactKind.EMAIL, "ada@example.com", 2),
        fact(FactKind.COMMITMENT, "We'll email you a return label by Friday.", 4));

    assertEquals("""
        Known facts about this conversation:
        - customer_name: Ada Lovelace
        - email: ada@example.com
        - order_number: 1042
        - commitment: We'll email you a return label by Friday.""", facts.render());
    assertEquals("", PinnedFacts.empty().render());
    assertTrue(PinnedFacts.empty().isEmpty());
  }

  @Test
  void aBoundedRenderLeavesOutOldCommitmentsFirstAndNeverTheContactDetails() {
    TokenEstimator counter = new TokenEstimator();
    PinnedFacts facts = pinned(
        fact(FactKind.CUSTOMER_NAME, "Ada Lovelace", 1),
        fact(FactKind.EMAIL, "ada@example.com", 1),
        fact(FactKind.ORDER_NUMBER, "1042", 1),
        fact(FactKind.ORDER_NUMBER, "1077", 30),
        fact(FactKind.COMMITMENT, "We'll email you a return label for order 1042 by Friday.", 4),
        fact(FactKind.COMMITMENT, "Someone from our warehouse team will call you tomorrow.", 20),
        fact(FactKind.COMMITMENT, "I've escalated the missing refund to our billing team.", 40));
    String full = facts.render();
    int fullTokens = counter.count(PromptMessage.system(full));

    assertEquals(full, facts.render(counter, fullTokens));
    String shorter = facts.render(counter, fullTokens - 10);
    assertTrue(counter.count(PromptMessage.system(shorter)) <= fullTokens - 10);
    assertTrue(!shorter.contains("return label") && shorter.contains("billing team"), shorter);
    assertTrue(shorter.endsWith("- (1 older fact not shown)"), shorter);

    String tiny = facts.render(counter, 1);
    assertEquals("""
        Known facts about this conversation:
        - customer_name: Ada Lovelace
        - email: ada@example.com
        - (5 older facts not shown)""", tiny);
  }

  @Test
  void survivesAJsonRoundTripAsEntityStateWould() throws Exception {
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    PinnedFacts facts = pinned(fact(FactKind.EMAIL, "a@example.com", 1))
        .apply(List.of(fact(FactKind.EMAIL, "b@example.com", 2)), T2).facts();

    String written = json.writeValueAsString(facts);
    assertTrue(!written.contains("empty"), written);
    assertEquals(facts, json.readValue(written, PinnedFacts.class));
  }

  @Test
  void kindsHaveLowerSnakeWireNames() {
    assertEquals("customer_name", FactKind.CUSTOMER_NAME.wireName());
    assertEquals(Optional.of(FactKind.TICKET_NUMBER), FactKind.fromWireName("ticket_number"));
    assertEquals(Optional.empty(), FactKind.fromWireName("TICKET_NUMBER"));
  }

  /** The changes and facts of pinning {@code facts} at T1 when none were pinned yet. */
  private static PinnedFacts.Applied pinnedOnNone(ExtractedFact... facts) {
    return PinnedFacts.empty().apply(List.of(facts), T1);
  }

  private static PinnedFacts pinned(ExtractedFact... facts) {
    return pinnedOnNone(facts).facts();
  }

  private static ExtractedFact fact(FactKind kind, String value, long seq) {
    return new ExtractedFact(kind, value, seq);
  }
}
