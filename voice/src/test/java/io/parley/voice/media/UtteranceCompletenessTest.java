package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transcripts as a recogniser gives them: lower case, no punctuation, numbers as words. */
class UtteranceCompletenessTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "where is my order now",
      "what is the status of my ticket",
      "can you help me",
      "how do i reset my password",
      "yes it is",
      "no",
      "thanks",
      "hello",
      "i do",
      "what is that",
      "how do i log in",
      "I'd like a refund, please.",
      "no thank you",
      "Where is my order?",
      "whereas my order now",
  })
  void aFinishedQuestionOrAnswerIsComplete(String text) {
    assertTrue(UtteranceCompleteness.isComplete(text), text);
    assertFalse(UtteranceCompleteness.goesOn(text), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "   ",
      "and",
      "my order number is",
      "my order number is five five five",
      "what is the status of ticket t one thousand and one",
      "it arrived broken and",
      "i need help with",
      "i was wondering",
      "i need",
      "where is my order um",
      "the problem is that",
      "can you",
      "where is",
      "what is the status of",
      "i want to",
      "i ordered a lamp but",
      "my order is 1042",
      "i bought the",
      "where is i'll",
      "i need i'll",
  })
  void anEndingThatGoesOnIsNotComplete(String text) {
    assertFalse(UtteranceCompleteness.isComplete(text), text);
    assertEquals(!text.isBlank(), UtteranceCompleteness.goesOn(text), text);
  }

  /** Vosk's partial words at a caller's pause are often a wrong guess at the last word. */
  @ParameterizedTest
  @ValueSource(strings = {
      "i was charged twice",
      "the lamp or i've broken",
      "my order number",
      "i need help",
  })
  void aStatementWaitsForTheFullSilenceHoweverItEnds(String text) {
    assertFalse(UtteranceCompleteness.isComplete(text), text);
    assertFalse(UtteranceCompleteness.goesOn(text), "unsure, not known to go on: " + text);
  }
}
