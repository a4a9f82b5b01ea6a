package io.parley.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeardPrefixTest {
  private static final String ANSWER =
      "Ticket **T-1001** is open.\n\n- It was created yesterday.\n- An agent will reply today, by 5 pm.";

  @Test
  void keepsTheAnswersOwnTextUpToTheLastHeardWord() {
    assertEquals(Optional.of("Ticket **T-1001** is open."), HeardPrefix.of(ANSWER, "Ticket T-1001 is open."));
    assertEquals(Optional.of("Ticket **T-1001** is open.\n\n- It was created"),
        HeardPrefix.of(ANSWER, "ticket t 1001 is open it was created"));
  }

  @Test
  void wholeAnswerHeard() {
    assertEquals(Optional.of(ANSWER),
        HeardPrefix.of(ANSWER, "Ticket T-1001 is open. It was created yesterday. An agent will reply today, by 5 pm."));
  }

  @Test
  void nothingHeardIsEmptyText() {
    assertEquals(Optional.of(""), HeardPrefix.of(ANSWER, ""));
    assertEquals(Optional.of(""), HeardPrefix.of(ANSWER, " ... "));
  }

  @Test
  void wordsTheAnswerDoesNotStartWithAreRefused() {
    assertEquals(Optional.empty(), HeardPrefix.of(ANSWER, "Ticket T-1001 is closed"));
    assertEquals(Optional.empty(), HeardPrefix.of(ANSWER, "is open"));
    assertEquals(Optional.empty(), HeardPrefix.of("Short.", "Short. And then some."));
  }
}
