package io.parley.core.handoff;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HumanRequestTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "Can I talk to a human?",
      "I want to speak to a real person please",
      "connect me with an agent",
      "Please transfer me to a representative.",
      "agent",
      "Human please!",
      "REPRESENTATIVE",
      "I need to talk to someone from your support team, this is urgent",
      "this isn't working. get me a person",
      "Could I speak with customer service?",
      "I\u2019d like to chat with a live agent"})
  void asksForAPerson(String text) {
    assertTrue(HumanRequest.asks(text), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Are you a human?",
      "I don't need to talk to a person, just tell me the opening hours",
      "My travel agent booked the wrong date",
      "Where is my order?",
      "The human resources department sent me here",
      "thanks, that helped",
      "Is someone going to ship my order today?"})
  void doesNotAskForAPerson(String text) {
    assertFalse(HumanRequest.asks(text), text);
  }
}
