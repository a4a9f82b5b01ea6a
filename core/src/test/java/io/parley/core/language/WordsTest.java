package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordsTest {
  @Test
  void anApostropheInsideAWordStaysAndQuotesAroundItGo() {
    assertEquals(List.of("don't", "say", "l'agent", "or", "alone", "rock'n'roll"),
        Words.words("'Don't' say ''l'agent'' or ' ' alone, rock'n'roll'"));
  }

  @Test
  void wordsAreFoldedAndSplitAtAnythingButLettersAndDigits() {
    assertEquals(List.of("mochte", "der", "senor", "42", "mal's"), Words.words("Möchte  der Señor 42-mal\u2019s?"));
  }

  @Test
  void clausesLeaveOutTheEmptyOnes() {
    assertEquals(List.of(List.of("hello"), List.of("world"), List.of("bye")), Words.clauses("Hello, world!! ... 'Bye'"));
  }
}
